"""Facilitator logins kept on the server, so that logging out really ends one.

Flask's session is a signed cookie: without a server-side record, a copy of it taken
before logging out would keep working. Each login stores the hash of a random token; the
session cookie carries the token (as Flask-Login's user id); logging out deletes the row,
and a new password deletes all of the account's rows. No Flask here; callers commit.
"""

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.models import Facilitator, FacilitatorLogin, utcnow
from workshop.secrets_util import hash_token, new_token

LOGIN_LIFETIME = timedelta(days=30)  # a login older than this asks for the password again


def start_login(session: Session, facilitator: Facilitator) -> str:
    """Record a new login of the facilitator; return its token (for the session cookie)."""
    session.execute(
        sa.delete(FacilitatorLogin).where(FacilitatorLogin.created_at < utcnow() - LOGIN_LIFETIME)
    )
    token = new_token()
    session.add(FacilitatorLogin(facilitator_id=facilitator.id, token_hash=hash_token(token)))
    facilitator.login_token = token
    return token


def facilitator_of_login(session: Session, token: object) -> Facilitator | None:
    """Return the facilitator logged in with this token, or None once it ended or expired."""
    if not isinstance(token, str) or not token:
        return None
    login = session.scalar(
        sa.select(FacilitatorLogin).where(
            FacilitatorLogin.token_hash == hash_token(token),
            FacilitatorLogin.created_at >= utcnow() - LOGIN_LIFETIME,
        )
    )
    if login is None:
        return None
    facilitator = login.facilitator
    facilitator.login_token = token
    return facilitator


def end_login(session: Session, token: str | None) -> None:
    """End one login (logging out): its session cookie stops working everywhere."""
    if token:
        session.execute(
            sa.delete(FacilitatorLogin).where(FacilitatorLogin.token_hash == hash_token(token))
        )


def end_all_logins(session: Session, facilitator: Facilitator) -> None:
    """End every login of the facilitator (after a new password)."""
    if facilitator.id is not None:
        session.execute(
            sa.delete(FacilitatorLogin).where(FacilitatorLogin.facilitator_id == facilitator.id)
        )
