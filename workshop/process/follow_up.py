"""The follow-up of a strategy's ideas: what became of each draft after the events, with
an audit history of every change. No Flask; callers commit."""

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_
from workshop.models import (
    Facilitator,
    FollowUpChange,
    Idea,
    IdeaFollowUp,
    MappedProject,
    Strategy,
    Workshop,
    utcnow,
)

STATUSES = (
    "draft",
    "developing",
    "funding_applied",
    "funded",
    "running",
    "dropped",
    "merged",
)
STATUS_LABELS = {
    "draft": N_("Draft"),
    "developing": N_("Being developed"),
    "funding_applied": N_("Funding applied"),
    "funded": N_("Funded"),
    "running": N_("Running"),
    "dropped": N_("Dropped"),
    "merged": N_("Merged into another"),
}
MOVING = frozenset({"developing", "funding_applied", "funded", "running"})
EDITABLE = (
    "status",
    "next_step",
    "due",
    "funding_instrument",
    "mapped_project_id",
    "merged_into_id",
)
NEXT_STEP_MAX = 500
INSTRUMENT_MAX = 200
CHECK = N_("Check the fields marked below.")


def statuses_of(session: Session, idea_ids: list[int]) -> dict[int, str]:
    """Return the follow-up status of each idea that has one (the others are drafts)."""
    if not idea_ids:
        return {}
    return dict(
        session.execute(
            sa.select(IdeaFollowUp.idea_id, IdeaFollowUp.status).where(
                IdeaFollowUp.idea_id.in_(idea_ids)
            )
        ).all()
    )


def strategy_ideas(session: Session, strategy: Strategy) -> list[Idea]:
    """Return every idea of the strategy's events, by id."""
    return list(
        session.scalars(
            sa.select(Idea)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .where(Workshop.strategy_id == strategy.id)
            .order_by(Idea.id)
        )
    )


def validate_changes(session: Session, strategy: Strategy, idea: Idea, raw: dict) -> dict:
    """Return the clean changes asked for, or raise ValidationFailed naming each bad field."""
    fields: dict[str, str] = {}
    clean: dict = {}
    for key in raw:
        if key not in EDITABLE:
            fields[key] = N_(
                "This field cannot be changed; send status, next_step, due, "
                "funding_instrument, mapped_project_id or merged_into_id."
            )
    if not any(k in raw for k in EDITABLE) and not fields:
        raise ValidationFailed(
            N_(
                "Send at least one of status, next_step, due, funding_instrument, mapped_project_id."
            )
        )
    if "status" in raw:
        if raw["status"] not in STATUSES:
            fields["status"] = N_(
                "Choose the status draft, developing, funding_applied, funded, running, "
                "dropped or merged."
            )
        else:
            clean["status"] = raw["status"]
    if "next_step" in raw:
        text = _text(raw["next_step"])
        if text is None or len(text) > NEXT_STEP_MAX:
            fields["next_step"] = N_("Write the next step as text of at most 500 characters.")
        else:
            clean["next_step"] = text
    if "funding_instrument" in raw:
        text = _text(raw["funding_instrument"])
        if text is None or len(text) > INSTRUMENT_MAX:
            fields["funding_instrument"] = N_(
                "Write the funding instrument as text of at most 200 characters."
            )
        else:
            clean["funding_instrument"] = text
    if "due" in raw:
        value = raw["due"]
        if value is None or value == "":
            clean["due"] = None
        else:
            try:
                clean["due"] = (
                    date.fromisoformat(value)
                    if isinstance(value, str) and len(value) == 10
                    else None
                )
            except ValueError:
                clean["due"] = None
            if clean["due"] is None:
                fields["due"] = N_("Give the date as YYYY-MM-DD, e.g. 2026-05-23.")
    if "mapped_project_id" in raw:
        value = raw["mapped_project_id"]
        if value is None or value == "":
            clean["mapped_project_id"] = None
        else:
            project = _project(session, strategy, value)
            if project is None:
                fields["mapped_project_id"] = N_(
                    "Choose a mapped project of this strategy (its id), or send null."
                )
            else:
                clean["mapped_project_id"] = project.id
    if "merged_into_id" in raw:
        value = raw["merged_into_id"]
        if value is None or value == "":
            clean["merged_into_id"] = None
        else:
            other = session.get(Idea, value) if _is_id(value) else None
            same = (
                other is not None
                and session.get(Workshop, other.workshop_id).strategy_id == strategy.id
            )
            if not same or other.id == idea.id:
                fields["merged_into_id"] = N_(
                    "Choose another idea of this strategy (its id) that this one was merged into."
                )
            else:
                clean["merged_into_id"] = other.id
    if fields:
        raise ValidationFailed(CHECK, fields=fields)
    return clean


def apply_changes(
    session: Session, idea: Idea, changes: dict, by: Facilitator
) -> list[FollowUpChange]:
    """Write validated changes onto the idea's follow-up; record each real change."""
    follow_up = session.get(IdeaFollowUp, idea.id)
    if follow_up is None:
        follow_up = IdeaFollowUp(
            idea_id=idea.id, status="draft", next_step="", funding_instrument=""
        )
        session.add(follow_up)
    recorded = []
    for key, value in changes.items():
        old = getattr(follow_up, key)
        if old == value:
            continue
        setattr(follow_up, key, value)
        change = FollowUpChange(
            idea_id=idea.id,
            facilitator_id=by.id,
            author=by.email,
            field=key,
            old_value=_shown(old),
            new_value=_shown(value),
        )
        session.add(change)
        recorded.append(change)
    if recorded:
        follow_up.updated_at = utcnow()
    session.flush()
    return recorded


def history(session: Session, idea_ids: list[int]) -> dict[int, list[FollowUpChange]]:
    """Return each idea's follow-up changes, oldest first."""
    found: dict[int, list[FollowUpChange]] = {}
    if not idea_ids:
        return found
    for change in session.scalars(
        sa.select(FollowUpChange)
        .where(FollowUpChange.idea_id.in_(idea_ids))
        .order_by(FollowUpChange.id)
    ):
        found.setdefault(change.idea_id, []).append(change)
    return found


def follow_ups(session: Session, idea_ids: list[int]) -> dict[int, IdeaFollowUp]:
    """Return the follow-up rows of these ideas (missing: never changed, a draft)."""
    if not idea_ids:
        return {}
    return {
        f.idea_id: f
        for f in session.scalars(sa.select(IdeaFollowUp).where(IdeaFollowUp.idea_id.in_(idea_ids)))
    }


def _project(session: Session, strategy: Strategy, value: object) -> MappedProject | None:
    if not _is_id(value):
        return None
    project = session.get(MappedProject, value)
    return project if project is not None and project.strategy == strategy.key else None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def _text(value: object) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) else None


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
