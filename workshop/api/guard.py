"""Who may call the API from a browser: a facilitator's session cookie counts only with
the session's CSRF token (header `X-CSRFToken`) on requests that change something.

Cookies ride along on a form posted from any page of the same site, e.g. another port of
the same host (SameSite does not look at ports), so a cookie alone proves nothing. A
bearer token cannot be sent by a form, so requests with one need no CSRF token (and the
session is then ignored: see workshop.auth.current_facilitator)."""

from flask import request
from flask_login import current_user

from workshop.auth import bearer_token
from workshop.extensions import csrf

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def require_csrf_with_session() -> None:
    """Check the CSRF token of a state-changing request that a session cookie authenticates."""
    if request.method in SAFE_METHODS or bearer_token() is not None:
        return
    if current_user.is_authenticated:
        csrf.protect()  # raises CSRFError (400, code "csrf") without a valid token
