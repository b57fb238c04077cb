"""Who is asking: the facilitator (session or bearer token) and the participant (cookie).

Identity always comes from the server side, never from a request's payload.
"""

import sqlalchemy as sa
from flask import current_app, request
from flask_login import current_user

from workshop.errors import Forbidden, NotFound, Unauthorized
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.joining import participant_by_token
from workshop.models import ApiToken, Facilitator, Participant, Workshop
from workshop.secrets_util import hash_token

PARTICIPANT_COOKIE = "aihio_p{workshop_id}"
PARTICIPANT_COOKIE_DAYS = 30


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def facilitator_from_token(token: str | None) -> Facilitator | None:
    """Return the facilitator owning this API token, or None."""
    if not token:
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    return row.facilitator if row else None


def current_facilitator() -> Facilitator | None:
    """Return the facilitator of this request (bearer token, else session login), or None.

    A request that sends a bearer token is judged by the token alone: the API checks CSRF
    tokens only for session logins (workshop.api.guard)."""
    token = bearer_token()
    if token is not None:
        return facilitator_from_token(token)
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def require_facilitator() -> Facilitator:
    facilitator = current_facilitator()
    if facilitator is None:
        raise Unauthorized(N_("Log in as a facilitator, or send an API token."))
    return facilitator


def owned_workshop(workshop_id: int, facilitator: Facilitator) -> Workshop:
    """Return the workshop if this facilitator runs it; NotFound or Forbidden otherwise."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    if workshop.owner_id != facilitator.id:
        raise Forbidden(N_("This workshop belongs to another facilitator."))
    return workshop


def participant_cookie_name(workshop_id: int) -> str:
    return PARTICIPANT_COOKIE.format(workshop_id=workshop_id)


def current_participant(workshop_id: int) -> Participant | None:
    """Return the participant this browser joined the workshop as, or None."""
    token = request.cookies.get(participant_cookie_name(workshop_id))
    return participant_by_token(db.session, token, workshop_id)


def set_participant_cookie(response, workshop_id: int, token: str) -> None:
    """Keep the participant's token in an HttpOnly, SameSite cookie for this workshop."""
    response.set_cookie(
        participant_cookie_name(workshop_id),
        token,
        max_age=PARTICIPANT_COOKIE_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
