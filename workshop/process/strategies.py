"""Strategies: a regional strategy's priorities, its events (workshops), who runs them and
who follows them (the coordination group, read-only accounts). No Flask; callers commit.

A strategy's `key` is what its mapped projects are filed under (`MappedProject.strategy`),
the free `settings.strategy` key of earlier versions (migration 0008).
"""

import re
import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.accounts import facilitator_by_email, normalise_email
from workshop.errors import Forbidden, NotFound, ValidationFailed
from workshop.i18n_markers import N_
from workshop.models import (
    Facilitator,
    Priority,
    Strategy,
    StrategyMember,
    StrategyPriority,
    Table,
    Workshop,
)
from workshop.secrets_util import hash_token, new_token
from workshop.workshops import PRIORITY_NAME_MAX, validate_priority_lines

FACILITATOR = "facilitator"
COORDINATION = "coordination"
ROLES = (FACILITATOR, COORDINATION)
NAME_MAX = 200
READ_ONLY = N_(
    "The coordination group reads the strategy's follow-up but changes nothing. "
    "Ask one of the strategy's facilitators to make the change."
)


def validate_strategy(raw: dict) -> tuple[str, list[str]]:
    """Return a clean (name, priority names) or raise ValidationFailed naming the field."""
    name = " ".join(raw.get("name").split()) if isinstance(raw.get("name"), str) else ""
    fields = {}
    if not name:
        fields["name"] = N_("Enter the strategy's name.")
    elif len(name) > NAME_MAX:
        fields["name"] = N_("Shorten the name to at most 200 characters.")
    priorities = raw.get("priorities") or []
    if isinstance(priorities, list) and all(isinstance(p, str) for p in priorities):
        priorities = "\n".join(priorities)
    if not isinstance(priorities, str):
        fields["priorities"] = N_("Give the priorities as a list of names, one per line.")
        priorities = ""
    try:
        lines = [p.name for p in validate_priority_lines(priorities, 0)]
    except ValidationFailed as error:
        fields.update(error.fields)
        lines = []
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    return name, lines


def unique_key(session: Session, name: str) -> str:
    """Return a key made of the name (ASCII, dashes) that no strategy has yet."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80] or "strategy"
    key, n = base, 1
    while session.scalar(sa.select(Strategy.id).where(Strategy.key == key)):
        n += 1
        key = f"{base}-{n}"
    return key


def create_strategy(
    session: Session, owner: Facilitator, name: str, priorities: list[str], key: str | None = None
) -> Strategy:
    """Add a strategy with its priorities; its creator becomes its facilitator."""
    strategy = Strategy(key=key or unique_key(session, name), name=name)
    for position, priority in enumerate(priorities, start=1):
        strategy.priorities.append(
            StrategyPriority(name=priority[:PRIORITY_NAME_MAX], position=position)
        )
    strategy.members.append(StrategyMember(facilitator_id=owner.id, role=FACILITATOR))
    session.add(strategy)
    session.flush()
    return strategy


def strategy_key(workshop: Workshop) -> str | None:
    """Return the key of the workshop's strategy, or None when it has none."""
    return workshop.strategy.key if workshop.strategy is not None else None


def role_of(session: Session, facilitator: Facilitator, strategy: Strategy) -> str | None:
    """Return the account's role in the strategy: facilitator, coordination or None."""
    role = session.scalar(
        sa.select(StrategyMember.role).where(
            StrategyMember.strategy_id == strategy.id,
            StrategyMember.facilitator_id == facilitator.id,
        )
    )
    if role == FACILITATOR and facilitator.read_only:
        return COORDINATION
    return role


def readable_strategy(session: Session, facilitator: Facilitator, strategy_id: int) -> Strategy:
    """Return the strategy if the account is one of its members; NotFound / Forbidden."""
    strategy = session.get(Strategy, strategy_id)
    if strategy is None:
        raise NotFound(N_("No such strategy."))
    if role_of(session, facilitator, strategy) is None:
        raise Forbidden(N_("You are not a member of this strategy."))
    return strategy


def writable_strategy(session: Session, facilitator: Facilitator, strategy_id: int) -> Strategy:
    """Return the strategy if the account is one of its facilitators; else Forbidden."""
    strategy = readable_strategy(session, facilitator, strategy_id)
    if role_of(session, facilitator, strategy) != FACILITATOR:
        raise Forbidden(READ_ONLY)
    return strategy


def strategies_of(session: Session, facilitator: Facilitator) -> list[Strategy]:
    """Return the strategies the account is a member of, by name."""
    return list(
        session.scalars(
            sa.select(Strategy)
            .join(StrategyMember)
            .where(StrategyMember.facilitator_id == facilitator.id)
            .order_by(Strategy.name, Strategy.id)
        )
    )


def workshops_in(session: Session, strategy: Strategy) -> list[Workshop]:
    """Return the strategy's events, earliest first (undated last)."""
    return list(
        session.scalars(
            sa.select(Workshop)
            .where(Workshop.strategy_id == strategy.id)
            .order_by(Workshop.date.asc().nulls_last(), Workshop.id)
        )
    )


def add_member(
    session: Session, strategy: Strategy, email: str, role: str, password: str | None = None
) -> tuple[StrategyMember, bool]:
    """Add an account to the strategy; a coordination-group member without an account gets
    a read-only one (with `password`). Return the membership and whether it was new."""
    fields = {}
    if role not in ROLES:
        fields["role"] = N_("Choose the role facilitator or coordination.")
    if "@" not in (email or "") or len(email) > 254:
        fields["email"] = N_("Give the member's email address.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    account = facilitator_by_email(session, email)
    if account is None:
        if role != COORDINATION or not password or len(password) < 8:
            raise ValidationFailed(
                N_("Check the fields marked below."),
                fields={
                    "password": N_(
                        "No account has this email: give a password of at least 8 characters "
                        "for a new coordination-group account."
                    )
                },
            )
        account = Facilitator(email=normalise_email(email), read_only=True)
        account.set_password(password)
        session.add(account)
        session.flush()
    elif role == FACILITATOR and account.read_only:
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={"role": N_("A coordination-group account cannot be made a facilitator.")},
        )
    member = session.scalar(
        sa.select(StrategyMember).where(
            StrategyMember.strategy_id == strategy.id, StrategyMember.facilitator_id == account.id
        )
    )
    if member is not None:
        member.role = role
        return member, False
    member = StrategyMember(facilitator_id=account.id, role=role)
    strategy.members.append(member)
    return member, True


def member_emails(session: Session, strategy: Strategy) -> list[tuple[str, str]]:
    """Return (email, role) of the strategy's members."""
    return [
        (email, role)
        for email, role in session.execute(
            sa.select(Facilitator.email, StrategyMember.role)
            .join(StrategyMember, StrategyMember.facilitator_id == Facilitator.id)
            .where(StrategyMember.strategy_id == strategy.id)
            .order_by(StrategyMember.id)
        )
    ]


def take_priorities(workshop: Workshop, strategy: Strategy, tables: int) -> None:
    """Link the workshop to the strategy and give it the strategy's priorities (linked),
    each with `tables` tables named 1.1, 1.2, …"""
    workshop.strategy = strategy
    for number, source in enumerate(strategy.priorities, start=1):
        priority = Priority(
            name=source.name,
            description=source.description,
            position=source.position,
            strategy_priority_id=source.id,
        )
        workshop.priorities.append(priority)
        for n in range(1, tables + 1):
            priority.tables.append(Table(workshop=workshop, name=f"{number}.{n}"))


def link_priorities(session: Session, workshop: Workshop, strategy: Strategy) -> None:
    """Link the workshop to the strategy; each priority to the strategy's priority of the
    same name, added to the strategy when it has none."""
    workshop.strategy = strategy
    by_name = {" ".join(p.name.casefold().split()): p for p in strategy.priorities}
    for priority in workshop.priorities:
        key = " ".join(priority.name.casefold().split())
        if key not in by_name:
            by_name[key] = StrategyPriority(
                name=priority.name,
                description=priority.description,
                position=len(strategy.priorities) + 1,
            )
            strategy.priorities.append(by_name[key])
            session.flush()
        priority.strategy_priority_id = by_name[key].id


def new_share_link(strategy: Strategy) -> str:
    """Give the strategy a new read-only link (the old one stops working); return its token."""
    token = new_token()
    strategy.share_token_hash = hash_token(token)
    return token


def strategy_by_share_token(session: Session, token: str | None) -> Strategy | None:
    """Return the strategy whose read-only link carries this token, or None."""
    if not token:
        return None
    return session.scalar(sa.select(Strategy).where(Strategy.share_token_hash == hash_token(token)))


def set_project_priority(
    session: Session, strategy: Strategy, project_id: object, priority_id: object
) -> None:
    """Correct which priority a mapped project belongs to (None: back to its text)."""
    from workshop.ids import json_id
    from workshop.models import MappedProject

    project = session.get(MappedProject, json_id(project_id)) if json_id(project_id) else None
    if project is None or project.strategy != strategy.key:
        raise NotFound(N_("This strategy has no such mapped project."))
    chosen = json_id(priority_id)
    if priority_id is not None and chosen not in {p.id for p in strategy.priorities}:
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={"priority_id": N_("Choose a priority of this strategy (its id), or null.")},
        )
    corrections = dict(strategy.project_priorities or {})
    if chosen is None:
        corrections.pop(str(project.id), None)
    else:
        corrections[str(project.id)] = chosen
    strategy.project_priorities = corrections
