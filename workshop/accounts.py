"""Facilitator accounts and API tokens. No Flask here; callers commit."""

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.logins import end_all_logins
from workshop.models import ApiToken, Facilitator
from workshop.secrets_util import hash_token, new_token


def normalise_email(email: str) -> str:
    return email.strip().lower()


def facilitator_by_email(session: Session, email: str) -> Facilitator | None:
    return session.scalar(sa.select(Facilitator).where(Facilitator.email == normalise_email(email)))


def set_facilitator_password(session: Session, email: str, password: str) -> bool:
    """Create the account or change its password; return True when it was created."""
    if "@" not in email or len(password) < 8:
        raise ValueError("Give a valid email and a password of at least 8 characters.")
    facilitator = facilitator_by_email(session, email)
    created = facilitator is None
    if created:
        facilitator = Facilitator(email=normalise_email(email))
        session.add(facilitator)
    facilitator.set_password(password)
    end_all_logins(session, facilitator)  # whoever knew the old password is logged out
    return created


def issue_api_token(session: Session, email: str) -> str | None:
    """Store a new API token's hash for the facilitator and return the token, or None."""
    facilitator = facilitator_by_email(session, email)
    if facilitator is None:
        return None
    token = new_token()
    session.add(ApiToken(facilitator=facilitator, token_hash=hash_token(token)))
    return token
