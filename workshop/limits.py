"""Rate limits of the two doors that take a secret typed by a person: join codes and
facilitator passwords. The arithmetic behind the numbers is in docs/security.md.

A venue shares one address, so the limits count *failures* (a correct code or password
never counts) and a joined browser's look-ups of its own workshop never count at all:
a few mistyped codes in the room cannot lock the room out. Passwords count per account
and address, so one facilitator's typos do not block another account at that address.
"""

import hashlib

import sqlalchemy as sa
from flask import current_app, g, request

from workshop import joining
from workshop.accounts import normalise_email
from workshop.addresses import client_address
from workshop.auth import current_participant
from workshop.errors import NotFound
from workshop.extensions import db, limiter
from workshop.models import Workshop
from workshop.secrets_util import normalise_join_code


def _config(name: str):
    return lambda: current_app.config[name]


# -- join codes ----------------------------------------------------------------------------


def workshop_by_code(raw_code: str | None) -> Workshop:
    """Look the code up (joining.workshop_by_code); an unknown code counts as a failure."""
    try:
        return joining.workshop_by_code(db.session, raw_code)
    except NotFound:
        g.unknown_join_code = True
        raise


def _unknown_code(response) -> bool:
    return g.get("unknown_join_code", False)


def _joined_this_workshop() -> bool:
    """Tell whether this browser already takes part in the workshop whose code it asks for
    (its join cookie is valid there): such look-ups guess nothing."""
    code = (request.view_args or {}).get("code") or request.form.get("join_code")
    code = normalise_join_code(code if isinstance(code, str) else "")
    if not code:
        return False
    workshop_id = db.session.scalar(sa.select(Workshop.id).where(Workshop.join_code == code))
    return workshop_id is not None and current_participant(workshop_id) is not None


# Every join attempt (a form or API call that may create a participant), per address.
join_attempts = limiter.shared_limit(_config("JOIN_RATE_LIMIT"), scope="join")
# Every look-up of an unknown code, per address: on every route that takes a code.
failed_code_lookups = limiter.shared_limit(
    _config("JOIN_FAIL_RATE_LIMIT"),
    scope="join-failed",
    deduct_when=_unknown_code,
    exempt_when=_joined_this_workshop,
)


# -- facilitator passwords -------------------------------------------------------------------


def _account() -> str:
    """The account a login names: a hash of the normalised email (known or not)."""
    email = normalise_email(request.form.get("email", ""))
    return "account:" + hashlib.sha256(email.encode("utf-8", "replace")).hexdigest()[:32]


def _account_at_address() -> str:
    return f"{_account()}@{client_address()}"


def _login_failed(response) -> bool:
    return response.status_code == 401


failed_logins = (
    limiter.shared_limit(
        _config("LOGIN_FAIL_RATE_LIMIT"),
        scope="login-failed",
        key_func=_account_at_address,
        deduct_when=_login_failed,
    ),
    limiter.shared_limit(
        _config("LOGIN_ADDRESS_FAIL_RATE_LIMIT"),
        scope="login-failed-address",
        deduct_when=_login_failed,
    ),
    limiter.shared_limit(
        _config("LOGIN_ACCOUNT_FAIL_RATE_LIMIT"),
        scope="login-failed-account",
        key_func=_account,
        deduct_when=_login_failed,
    ),
)


def limit_failed_logins(view):
    """Apply the three login-failure limits to a view."""
    for limit in failed_logins:
        view = limit(view)
    return view
