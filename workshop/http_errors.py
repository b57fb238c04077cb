"""One place that turns domain errors and HTTP errors into responses: JSON for the
API and for clients that ask for it, an HTML page otherwise."""

import math
import time

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from workshop.errors import AihioError
from workshop.extensions import db, limiter
from workshop.i18n import translate


def wants_json() -> bool:
    """Tell whether the client should get JSON: API paths and JSON-accepting clients."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict:
    """Return the API's error envelope `{"error": {"code", "message", "fields"?}}`."""
    error = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def translated_fields(error: AihioError) -> dict[str, str]:
    return {name: translate(msg) for name, msg in error.fields.items()}


def respond(status: int, code: str, message: str, fields: dict | None = None):
    if wants_json():
        return jsonify(error_body(code, message, fields)), status
    return render_template("error.html", status=status, message=message), status


def minutes_to_wait() -> int:
    """Return in how many whole minutes the rate limit this request broke lets it in."""
    limit = limiter.current_limit
    if limit is None:
        return 1
    return max(1, math.ceil((limit.reset_at - time.time()) / 60))


def init_app(app) -> None:
    """Register the error handlers."""

    @app.errorhandler(AihioError)
    def domain_error(error: AihioError):
        db.session.rollback()
        return respond(
            error.status,
            error.code,
            translate(error.message, error.params),
            translated_fields(error),
        )

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        db.session.rollback()
        return respond(
            400,
            "csrf",
            _(
                "The form expired or did not come from this site. Reload the page and send it again."
            ),
        )

    @app.errorhandler(429)
    def rate_limited(error):
        retry_after = getattr(error, "retry_after", None)
        minutes = minutes_to_wait()
        if minutes <= 1:
            message = _("Too many attempts. Wait a minute and try again.")
        else:  # an hourly or daily limit: say how long
            message = _("Too many attempts. Try again in %(minutes)s minutes.", minutes=minutes)
        response, status = respond(429, "rate_limited", message)
        response = app.make_response((response, status))
        if retry_after and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(int(retry_after))
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            404: _("The page was not found."),
            405: _("That method is not allowed here."),
            413: _("The request is too large."),
        }
        message = messages.get(error.code, error.description or error.name)
        return respond(error.code or 500, error.name.lower().replace(" ", "_"), message)

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return respond(500, "server_error", _("Something went wrong. Try again."))
