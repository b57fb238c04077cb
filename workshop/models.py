"""Typed SQLAlchemy 2 models of the domain in DESIGN.md.

Models carry their own small behaviour (`set_password`, `to_dict`); rules that span
several models live in domain modules (`joining`, `organisations`, `demo`).
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from workshop.extensions import db


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class WorkshopState(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    LOCKED = "locked"
    CLOSED = "closed"


class Facilitator(UserMixin, db.Model):
    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    # A coordination-group account: reads its strategies' follow-up, writes nothing.
    read_only: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="facilitator", cascade="all, delete-orphan"
    )

    # The login this request runs under (workshop.logins): Flask-Login keeps it in the
    # session cookie instead of the account's id, so that logging out ends it on the server.
    login_token = None  # a plain attribute, not a column

    def get_id(self) -> str | None:
        return self.login_token

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class ApiToken(db.Model):
    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    facilitator: Mapped[Facilitator] = relationship(back_populates="tokens")


class FacilitatorLogin(db.Model):
    """One browser session of a facilitator, from logging in to logging out."""

    __tablename__ = "facilitator_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    facilitator: Mapped[Facilitator] = relationship()


class Workshop(db.Model):
    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("facilitator.id"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    date: Mapped[date | None] = mapped_column(sa.Date)
    place: Mapped[str] = mapped_column(sa.String(200), default="")
    language: Mapped[str] = mapped_column(sa.String(5), default="fi")
    join_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    state: Mapped[str] = mapped_column(sa.String(10), default=WorkshopState.DRAFT.value)
    joining_open: Mapped[bool] = mapped_column(default=False)
    settings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The running agenda (workshop.agenda.AgendaState.to_dict()), voting and spotlight.
    agenda: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    voting: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    spotlight_idea_id: Mapped[int | None] = mapped_column()
    strategy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("strategy.id", ondelete="SET NULL"), index=True
    )
    projector_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    owner: Mapped[Facilitator] = relationship()
    strategy: Mapped[Strategy | None] = relationship()
    priorities: Mapped[list[Priority]] = relationship(
        back_populates="workshop",
        cascade="all, delete-orphan",
        order_by="Priority.position, Priority.id",
    )
    tables: Mapped[list[Table]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan", order_by="Table.id"
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )

    @property
    def org_type_keys(self) -> list[str]:
        from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS

        return list((self.settings or {}).get("org_types") or DEFAULT_ORG_TYPE_KEYS)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "place": self.place,
            "language": self.language,
            "join_code": self.join_code,
            "state": self.state,
            "joining_open": self.joining_open,
            "org_types": self.org_type_keys,
            "strategy_id": self.strategy_id,
            "priorities": [p.to_dict() for p in self.priorities],
        }


class Priority(db.Model):
    """A strategy priority (painopiste); one per table group."""

    __tablename__ = "priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # The strategy's priority this one was taken from (stays linked across events).
    strategy_priority_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("strategy_priority.id", ondelete="SET NULL"), index=True
    )

    workshop: Mapped[Workshop] = relationship(back_populates="priorities")
    tables: Mapped[list[Table]] = relationship(
        back_populates="priority", cascade="all, delete-orphan", order_by="Table.id"
    )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "position": self.position,
            "tables": [t.to_dict() for t in self.tables],
        }


class Table(db.Model):
    __tablename__ = "workshop_table"  # "table" is a reserved word in SQL

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    priority_id: Mapped[int] = mapped_column(
        sa.ForeignKey("priority.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(100))
    capacity: Mapped[int | None] = mapped_column()

    workshop: Mapped[Workshop] = relationship(back_populates="tables")
    priority: Mapped[Priority] = relationship(back_populates="tables")
    # Who sits here now: people removed from the workshop or whose names were erased are
    # neither shown nor counted (capacity, diversity); the retention purge keeps their seats
    # for the plan's statistics (workshop/privacy.py). Seat people with `Participant.table`.
    members: Mapped[list[Participant]] = relationship(
        primaryjoin="and_(Table.id == foreign(Participant.table_id),"
        " Participant.removed_at.is_(None), Participant.erased_at.is_(None))",
        viewonly=True,
        order_by="Participant.id",
    )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "priority_id": self.priority_id,
            "capacity": self.capacity,
        }


class Organisation(db.Model):
    """An organisation, shared across workshops so its role can be followed over time."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    normalized_name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    org_type: Mapped[str] = mapped_column(sa.String(40))
    business_id: Mapped[str | None] = mapped_column(sa.String(20))
    # A facilitator made it known: suggested on every join page. Others are free text a
    # participant typed: suggested only in their own workshop, their names removed once no
    # participant who still has a name uses them (workshop/privacy.py).
    curated: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # When its free-text name was removed; the row stays, nameless, for the statistics.
    erased_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "org_type": self.org_type}


class Participant(db.Model):
    __tablename__ = "participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    table_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_table.id", ondelete="SET NULL"), index=True
    )
    display_name: Mapped[str] = mapped_column(sa.String(80))
    # The type this participant declared; the organisation's own type is the pre-fill.
    org_type: Mapped[str] = mapped_column(sa.String(40))
    # The SHA-256 of the bearer token; "revoked:<id>" (never a hash) once it was revoked.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    consent_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # The facilitator removed them (wrong person, spam): token revoked, seat freed.
    removed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Their name was erased (on request, or after the retention period): display_name is
    # empty and the token revoked; org_type, text and votes stay, anonymous.
    erased_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
    organisation: Mapped[Organisation] = relationship(lazy="joined")  # shown with every name
    table: Mapped[Table | None] = relationship()

    @property
    def present(self) -> bool:
        """Tell whether they still take part: neither removed nor erased."""
        return self.removed_at is None and self.erased_at is None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.display_name,
            "organisation": self.organisation.name,
            "org_type": self.org_type,
            "table_id": self.table_id,
        }


class IdeaState(enum.StrEnum):
    DRAFT = "draft"
    READY = "ready"


class Idea(db.Model):
    """A project idea draft (hankeaihio). Its text lives in a CRDT document whose
    accepted updates are the `IdeaUpdate` log; `fields` is a plain-text projection."""

    __tablename__ = "idea"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    priority_id: Mapped[int] = mapped_column(
        sa.ForeignKey("priority.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_table.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(sa.String(10), default=IdeaState.DRAFT.value)
    title: Mapped[str] = mapped_column(sa.String(200), default="")
    fields: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # projection: key -> text
    last_seq: Mapped[int] = mapped_column(default=0)
    projected_seq: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # Lifecycle (workshop/lifecycle.py): an archived idea is hidden from its table and the
    # plan, kept in the JSON export; a merged one names the idea its text went into.
    archived_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("idea.id", ondelete="SET NULL")
    )
    plan_rank: Mapped[int | None] = mapped_column()  # the plan's order, once confirmed

    table: Mapped[Table | None] = relationship()
    priority: Mapped[Priority] = relationship()

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "table_id": self.table_id,
            "priority_id": self.priority_id,
            "title": self.title,
            "state": self.state,
            "updated_at": self.updated_at.isoformat() if self.updated_at else None,
            "archived": self.archived,
            "merged_into_id": self.merged_into_id,
        }


class IdeaUpdate(db.Model):
    """One accepted CRDT update of an idea (Yjs update encoding v1), in order."""

    __tablename__ = "idea_update"
    __table_args__ = (sa.UniqueConstraint("idea_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class IdeaSnapshot(db.Model):
    """The merged state of an idea's log up to `seq`; the rows it replaced are deleted."""

    __tablename__ = "idea_snapshot"

    idea_id: Mapped[int] = mapped_column(
        sa.ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class IdeaQuarantine(db.Model):
    """A logged update or snapshot that no longer applies to its idea's document, set
    aside (never deleted) so that the rest of the idea loads; counted for the facilitator."""

    __tablename__ = "idea_quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(10))  # "update" or "snapshot"
    seq: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    quarantined_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class IdeaContribution(db.Model):
    """Characters written into an idea per author: kept apart from the log so that
    compaction keeps whose voice wrote the text."""

    __tablename__ = "idea_contribution"
    __table_args__ = (sa.UniqueConstraint("idea_id", "participant_id", "facilitator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    org_type: Mapped[str | None] = mapped_column(sa.String(40))
    chars: Mapped[int] = mapped_column(default=0)


class Vote(db.Model):
    """One dot of a participant's dot-voting budget, placed on an idea."""

    __tablename__ = "vote"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class Announcement(db.Model):
    """A facilitator's broadcast to every table, or to one."""

    __tablename__ = "announcement"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop_table.id", ondelete="CASCADE")
    )
    message: Mapped[str] = mapped_column(sa.String(280))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "table_id": self.table_id,
            "message": self.message,
            "created_at": self.created_at.isoformat() if self.created_at else None,
        }


class MappedProject(db.Model):
    """A project already running or planned (from the pre-event survey), kept across the
    workshops of one strategy so that new drafts can be checked for overlap with it."""

    __tablename__ = "mapped_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy: Mapped[str] = mapped_column(sa.String(100), default="default", index=True)
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    organisation: Mapped[str] = mapped_column(sa.String(300), default="")
    priority: Mapped[str] = mapped_column(sa.String(300), default="")
    period: Mapped[str] = mapped_column(sa.String(300), default="")
    funding: Mapped[str] = mapped_column(sa.String(300), default="")
    status: Mapped[str] = mapped_column(sa.String(300), default="")
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    source_row: Mapped[int | None] = mapped_column()
    source_file: Mapped[str] = mapped_column(sa.String(255), default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "strategy": self.strategy,
            "title": self.title,
            "description": self.description,
            "organisation": self.organisation,
            "priority": self.priority,
            "period": self.period,
            "funding": self.funding,
            "status": self.status,
            "link": self.link,
            "source_row": self.source_row,
            "source_file": self.source_file,
        }


class IdeaOverlapDismissal(db.Model):
    """An overlap hint marked "not related": remembered so it is not shown again.
    Exactly one of `project_id` / `other_idea_id` is set; who dismissed it is kept."""

    __tablename__ = "idea_overlap_dismissal"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mapped_project.id", ondelete="CASCADE")
    )
    other_idea_id: Mapped[int | None] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant.id", ondelete="SET NULL")
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


from workshop.process.models import (  # noqa: E402, F401  (they import this module)
    FollowUpChange,
    IdeaCarry,
    IdeaFollowUp,
    Strategy,
    StrategyMember,
    StrategyPriority,
)
