"""Security headers on every response the app makes (pages, API, static files, errors).

- Content-Security-Policy: scripts only from this origin (`script-src 'self'`, no inline
  scripts or handlers; the pages' data rides in `<script type="application/json">`
  blocks, which are not run). Styles allow 'unsafe-inline': CodeMirror and the remote
  cursors of y-codemirror set style elements and attributes. `frame-ancestors 'none'`:
  no page can be framed (clickjacking of the facilitator's controls).
- Referrer-Policy: no-referrer: the projector's secret token is in its URL.
- X-Content-Type-Options: nosniff; X-Frame-Options: DENY for browsers without CSP 3.
- Strict-Transport-Security when the request came over HTTPS or AIHIO_PUBLIC_URL is https.
"""

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",  # CSP 3: 'self' also allows ws:// and wss:// to this host
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HSTS = "max-age=31536000"  # one year; subdomains are not ours to decide

HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app) -> None:
    """Add the headers to every response."""
    from flask import request

    public_https = (app.config.get("PUBLIC_URL") or "").startswith("https://")

    @app.after_request
    def add_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if public_https or request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
