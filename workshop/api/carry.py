"""REST API of a strategy's next event: carry drafts of earlier events to it, whose voice
is still missing, and an organisation's role across the strategy."""

import sqlalchemy as sa
from flask import request

from workshop.api import bp
from workshop.api.body import json_body
from workshop.auth import owned_workshop, require_facilitator
from workshop.errors import NotFound, ValidationFailed
from workshop.extensions import db
from workshop.i18n import translate
from workshop.i18n_markers import N_
from workshop.ids import parse_id
from workshop.models import Idea, Organisation, Workshop
from workshop.process import carry, strategies
from workshop.process.follow_up import STATUSES
from workshop.process.missing_voices import missing_voices
from workshop.process.roles import role_in_strategy
from workshop.strategy_downloads import check_sheet_format, invitation_download
from workshop.strategy_http import drafts_moved


def strategy_workshop(workshop_id: int, write: bool = False) -> Workshop:
    """Return a workshop the caller runs, or (reading) of a strategy they are a member of."""
    account = require_facilitator()
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotFound(N_("No such workshop."))
    if workshop.strategy_id is not None and not write:
        strategies.readable_strategy(db.session, account, workshop.strategy_id)
        return workshop
    owned_workshop(workshop_id, account)
    if workshop.strategy_id is not None:
        strategies.writable_strategy(db.session, account, workshop.strategy_id)
    return workshop


@bp.get("/workshops/<int:workshop_id>/carry")
def api_carry_candidates(workshop_id: int):
    """List drafts of the strategy's other events that could be carried here (filters:
    `priority_id` of the strategy, `status`, `min_votes`), most voted first."""
    workshop = strategy_workshop(workshop_id)
    args = request.args
    priority_id = parse_id(args["priority_id"]) if args.get("priority_id") else None
    status = args.get("status") or None
    min_votes = args.get("min_votes", "0")
    fields = {}
    if args.get("priority_id") and priority_id is None:
        fields["priority_id"] = N_("Give an id as a whole number.")
    if status is not None and status not in STATUSES:
        fields["status"] = N_(
            "Choose the status draft, developing, funding_applied, funded, running, "
            "dropped or merged."
        )
    if not min_votes.isdigit():
        fields["min_votes"] = N_("Give the least number of votes as a whole number.")
    if fields:
        raise ValidationFailed(N_("Check the fields marked below."), fields=fields)
    found = carry.candidates(
        db.session,
        workshop,
        strategy_priority_id=priority_id,
        status=status,
        min_votes=int(min_votes),
    )
    return {
        "ideas": [
            {
                "id": c.idea.id,
                "title": c.idea.title,
                "workshop_id": c.workshop.id,
                "workshop_title": c.workshop.title,
                "priority_id": c.strategy_priority_id,
                "table": c.idea.table.name if c.idea.table else None,
                "votes": c.votes,
                "status": c.status,
            }
            for c in found
        ]
    }


@bp.post("/workshops/<int:workshop_id>/carry")
def api_carry(workshop_id: int):
    """Carry drafts (`idea_ids`) of the strategy's earlier events to tables of their
    priorities here: the same documents, their history and authors kept."""
    workshop = strategy_workshop(workshop_id, write=True)
    ids = carry.validate_idea_ids(json_body().get("idea_ids"))
    sources = set(db.session.scalars(sa.select(Idea.workshop_id).where(Idea.id.in_(ids))))
    records = carry.carry(db.session, workshop, ids, require_facilitator())
    db.session.commit()
    drafts_moved([r.idea_id for r in records], sources | {workshop.id})
    ideas = {i.id: i for i in db.session.scalars(sa.select(Idea).where(Idea.id.in_(ids)))}
    return {
        "ideas": [
            {
                "id": r.idea_id,
                "table_id": ideas[r.idea_id].table_id,
                "priority_id": ideas[r.idea_id].priority_id,
                "carried_from": carry.carry_dict(r),
            }
            for r in records
        ]
    }, 201


@bp.get("/ideas/<int:idea_id>/provenance")
def api_provenance(idea_id: int):
    """Return where a draft was carried from, and its text then and now."""
    idea = db.session.get(Idea, idea_id)
    if idea is None:
        raise NotFound(N_("No such idea."))
    strategy_workshop(idea.workshop_id)
    return {
        "id": idea.id,
        "fields": idea.fields or {},
        "carried_from": [
            {**carry.carry_dict(r), "fields": r.fields}
            for r in carry.provenance(db.session, idea.id)
        ],
    }


@bp.get("/workshops/<int:workshop_id>/missing-voices")
def api_missing_voices(workshop_id: int):
    """Return per priority the organisations and organisation types not yet heard;
    `format=xlsx` or `csv` answers the invitation list."""
    workshop = strategy_workshop(workshop_id)
    voices = missing_voices(db.session, workshop)
    if request.args.get("format"):
        format_name = check_sheet_format(request.args.get("format"))
        return invitation_download(workshop.title, voices, format_name)
    return {
        "priorities": [
            {
                "priority_id": v.priority_id,
                "strategy_priority_id": v.strategy_priority_id,
                "name": v.name,
                "organisations": [
                    {
                        "id": o.organisation_id,
                        "name": o.name,
                        "org_type": o.org_type,
                        "why": [translate(msg, params) for msg, params in o.reasons],
                    }
                    for o in v.organisations
                ],
                "org_types": v.org_types,
            }
            for v in voices
        ]
    }


@bp.get("/organisations/<int:organisation_id>/role")
def api_organisation_role(organisation_id: int):
    """Return an organisation's role in each strategy the caller is a member of (or in
    `strategy_id`): ideas it leads or partners in, events, mapped projects, absences."""
    account = require_facilitator()
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.erased_at is not None:
        raise NotFound(N_("No such organisation."))
    if request.args.get("strategy_id"):
        strategy_id = parse_id(request.args["strategy_id"])
        if strategy_id is None:
            raise ValidationFailed(
                N_("Check the fields marked below."),
                fields={"strategy_id": N_("Give an id as a whole number.")},
            )
        chosen = [strategies.readable_strategy(db.session, account, strategy_id)]
    else:
        chosen = strategies.strategies_of(db.session, account)
    return {
        "organisation": organisation.to_dict(),
        "strategies": [role_in_strategy(db.session, organisation, s).to_dict() for s in chosen],
    }
