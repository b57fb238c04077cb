"""Models of a strategy's process across events (issue 13): the strategy with its
priorities and members, drafts carried to the next event, and the follow-up of ideas.

Imported at the end of `workshop.models`, so that the metadata holds them."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop.extensions import db
from workshop.models import utcnow


class Strategy(db.Model):
    """A regional strategy whose implementation is planned over several events."""

    __tablename__ = "strategy"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The key mapped projects are filed under (MappedProject.strategy); was settings.strategy.
    key: Mapped[str] = mapped_column(sa.String(100), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # The SHA-256 of the read-only link's token (None: no link); see workshop.process.strategies.
    share_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    # The facilitator's corrections of which priority a mapped project belongs to:
    # {"<project id>": <strategy priority id>}; the others are assigned by their text.
    project_priorities: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    priorities: Mapped[list[StrategyPriority]] = relationship(
        back_populates="strategy",
        cascade="all, delete-orphan",
        order_by="StrategyPriority.position, StrategyPriority.id",
    )
    members: Mapped[list[StrategyMember]] = relationship(
        back_populates="strategy", cascade="all, delete-orphan", order_by="StrategyMember.id"
    )


class StrategyPriority(db.Model):
    """A priority of the strategy; each workshop's Priority links to one."""

    __tablename__ = "strategy_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    strategy: Mapped[Strategy] = relationship(back_populates="priorities")

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "position": self.position}


class StrategyMember(db.Model):
    """An account's role in a strategy: `facilitator` (runs its events, edits the
    follow-up) or `coordination` (the coordination group: reads everything, writes nothing)."""

    __tablename__ = "strategy_member"
    __table_args__ = (sa.UniqueConstraint("strategy_id", "facilitator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    strategy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("strategy.id", ondelete="CASCADE"), index=True
    )
    facilitator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(sa.String(20))

    strategy: Mapped[Strategy] = relationship(back_populates="members")


class IdeaCarry(db.Model):
    """A draft carried from one event to the next: the idea row (its CRDT log, authors and
    organisations) moves on; this row keeps where it was and what it said then."""

    __tablename__ = "idea_carry"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    from_workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="SET NULL"), index=True
    )
    to_workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshop.id", ondelete="SET NULL"), index=True
    )
    from_priority_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("priority.id", ondelete="SET NULL")
    )
    # Names as they were: the earlier event may rename or delete its tables later.
    from_workshop_title: Mapped[str] = mapped_column(sa.String(200), default="")
    from_table_name: Mapped[str] = mapped_column(sa.String(100), default="")
    votes: Mapped[int] = mapped_column(default=0)
    seq: Mapped[int] = mapped_column(default=0)  # the idea's log position when carried
    fields: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # its text when carried
    carried_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class IdeaFollowUp(db.Model):
    """What became of an idea after the events: status, next step, funding, project."""

    __tablename__ = "idea_follow_up"

    idea_id: Mapped[int] = mapped_column(
        sa.ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[str] = mapped_column(sa.String(20), default="draft")
    next_step: Mapped[str] = mapped_column(sa.String(500), default="")
    due: Mapped[date | None] = mapped_column(sa.Date)
    funding_instrument: Mapped[str] = mapped_column(sa.String(200), default="")
    mapped_project_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("mapped_project.id", ondelete="SET NULL")
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("idea.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class FollowUpChange(db.Model):
    """One change of an idea's follow-up: the audit history (who, when, what)."""

    __tablename__ = "follow_up_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(sa.ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("facilitator.id", ondelete="SET NULL")
    )
    # Kept apart from the account: the history still says who after an account is deleted.
    author: Mapped[str] = mapped_column(sa.String(254), default="")
    field: Mapped[str] = mapped_column(sa.String(40))
    old_value: Mapped[str] = mapped_column(sa.Text, default="")
    new_value: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    def to_dict(self) -> dict:
        return {
            "field": self.field,
            "old": self.old_value,
            "new": self.new_value,
            "by": self.author,
            "at": self.created_at.isoformat() if self.created_at else None,
        }
