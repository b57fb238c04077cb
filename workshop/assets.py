"""Static files under fingerprinted names, compressed, cached for a year.

`asset_url("dist/table.js")` in a template gives `/assets/dist/table.3f9a0c1d2e4b.js`: the
name carries a hash of the content, so the browser may keep it for a year (`immutable`),
and a new build gets a new name. `make static` (static/src/build.mjs) writes a `.br` and a
`.gz` beside each file; the one the browser accepts is sent (`Vary: Accept-Encoding`).
A name without a hash (a source map, an old link) is served with `no-cache`; an old hash
is redirected to the current name. The hashes are computed once per file and change (by
modification time and size), so `npm run watch` keeps working.
"""

import hashlib
import mimetypes
import re
from pathlib import Path

from flask import Blueprint, current_app, redirect, request, send_file, url_for
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

YEAR = 365 * 24 * 3600
HASH_LENGTH = 12
_FINGERPRINTED = re.compile(r"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
# (Accept-Encoding token, file suffix), best first.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

bp = Blueprint("assets", __name__)


class Fingerprints:
    """The content hash of each static file, recomputed when the file changes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[str, tuple[int, int, str]] = {}

    def file(self, name: str) -> Path | None:
        joined = safe_join(str(self.root), name)
        if joined is None:
            return None
        path = Path(joined)
        return path if path.is_file() else None

    def of(self, name: str) -> str | None:
        path = self.file(name)
        if path is None:
            return None
        stat = path.stat()
        known = self._known.get(name)
        if known and known[:2] == (stat.st_mtime_ns, stat.st_size):
            return known[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
        self._known[name] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest


def fingerprinted_name(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def _fingerprints() -> Fingerprints:
    return current_app.extensions["aihio_assets"]


def asset_url(name: str) -> str:
    """Return the fingerprinted URL of a static file (the plain one when it is missing)."""
    digest = _fingerprints().of(name)
    if digest is None:
        return url_for("static", filename=name)
    return url_for("assets.asset", filename=fingerprinted_name(name, digest))


def accepted_encodings() -> set[str]:
    header = request.headers.get("Accept-Encoding", "")
    accepted = set()
    for part in header.split(","):
        token, _, params = part.strip().partition(";")
        if params.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            continue
        accepted.add(token.strip().lower())
    return accepted


@bp.get("/assets/<path:filename>")
def asset(filename: str):
    """Send a static file: by its fingerprinted name for a year, compressed when possible."""
    fingerprints = _fingerprints()
    match = _FINGERPRINTED.match(filename)
    name = f"{match['stem']}{match['suffix']}" if match else filename
    if name.endswith((".br", ".gz")):
        raise NotFound()
    path = fingerprints.file(name)
    if path is None:
        raise NotFound()
    if match and match["hash"] != fingerprints.of(name):
        return redirect(asset_url(name), code=302)

    mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype.endswith(("javascript", "json", "svg+xml")):
        mimetype += "; charset=utf-8" if "charset" not in mimetype else ""
    sent, encoding = path, None
    accepted = accepted_encodings()
    for token, suffix in ENCODINGS:
        candidate = path.with_name(path.name + suffix)
        if (
            token in accepted
            and candidate.is_file()
            and candidate.stat().st_mtime_ns >= path.stat().st_mtime_ns
        ):
            sent, encoding = candidate, token
            break
    response = send_file(sent, mimetype=mimetype, conditional=True, etag=True, max_age=0)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.headers["Vary"] = "Accept-Encoding"
    if match:
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/favicon.ico")
def favicon():
    """Send the icon to browsers that ask for /favicon.ico by habit."""
    return redirect(asset_url("favicon.svg"), code=302)


def init_app(app) -> None:
    """Register the routes and `asset_url` for templates."""
    app.extensions["aihio_assets"] = Fingerprints(Path(app.static_folder))
    app.register_blueprint(bp)
    app.jinja_env.globals["asset_url"] = asset_url
