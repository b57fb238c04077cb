"""REST API `/api/v1` (JSON)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from workshop.api import export, guard, mapping, participants, views  # noqa: E402,F401  (routes)

bp.before_request(guard.require_csrf_with_session)
