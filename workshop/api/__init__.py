"""REST API `/api/v1` (JSON)."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from workshop.api import (  # noqa: E402,F401  (routes)
    carry,
    export,
    guard,
    mapping,
    participants,
    strategy,
    views,
)
from workshop.strategy_http import refuse_read_only_writes  # noqa: E402

bp.before_request(guard.require_csrf_with_session)
bp.before_request(refuse_read_only_writes)
