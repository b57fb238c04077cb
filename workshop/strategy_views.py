"""What the strategy's pages show, for the facilitators' pages and the coordination
group's read-only link alike: the board, an idea's follow-up page, an organisation's role.
Rendering only; the callers authorize."""

import sqlalchemy as sa
from flask import render_template
from flask_babel import get_locale

from workshop.errors import NotFound
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.models import Idea, MappedProject, Organisation, Strategy, Workshop
from workshop.orgtypes import HELIX_LABELS, HELIXES, ORG_TYPE_BY_KEY
from workshop.process import follow_up
from workshop.process.board import Filters, board, summary
from workshop.process.carry import provenance
from workshop.process.changes import changes_since
from workshop.process.follow_up import STATUS_LABELS, STATUSES
from workshop.process.roles import role_in_strategy
from workshop.template import fields_of


def render_board(strategy: Strategy, filters: Filters, links: dict, **extra):
    """Render the follow-up board, grouped by priority, with its summary."""
    everything = board(db.session, strategy)
    rows = [r for r in everything if filters.keep(r)]
    groups = [
        (priority, [r for r in rows if r.priority_id == priority.id])
        for priority in strategy.priorities
    ]
    others = [r for r in rows if r.priority_id not in {p.id for p in strategy.priorities}]
    organisations = sorted(
        {r.lead.id: r.lead for r in everything if r.lead}.values(), key=lambda o: o.name.casefold()
    )
    return render_template(
        "strategy/board.html",
        strategy=strategy,
        groups=groups,
        others=others,
        count=len(rows),
        summaries=summary(strategy, everything),
        filters=filters,
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        helixes=HELIXES,
        helix_labels=HELIX_LABELS,
        organisations=organisations,
        links=links,
        **extra,
    )


def strategy_idea(strategy: Strategy, idea_id: int) -> Idea:
    """Return an idea of one of the strategy's events, or NotFound."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or db.session.get(Workshop, idea.workshop_id).strategy_id != strategy.id:
        raise NotFound(N_("This strategy has no such idea."))
    return idea


def render_idea(strategy: Strategy, idea: Idea, links: dict, *, status: int = 200, **extra):
    """Render an idea's follow-up page: where it came from, how it changed since, its
    status and the history of changes."""
    row = next(r for r in board(db.session, strategy) if r.idea_id == idea.id)
    workshop = db.session.get(Workshop, idea.workshop_id)
    template = fields_of(workshop.settings)
    labels = {f.key: f.label_in(str(get_locale())) for f in template}
    keys = [f.key for f in template]
    carried = provenance(db.session, idea.id)
    projects = db.session.scalars(
        sa.select(MappedProject)
        .where(MappedProject.strategy == strategy.key)
        .order_by(MappedProject.title)
    ).all()
    return render_template(
        "strategy/idea.html",
        strategy=strategy,
        idea=idea,
        row=row,
        workshop=workshop,
        labels=labels,
        carried=carried,
        changes=changes_since(carried[0].fields, idea.fields or {}, keys) if carried else [],
        follow=db.session.get(follow_up.IdeaFollowUp, idea.id),
        projects=projects,
        statuses=STATUSES,
        status_labels=STATUS_LABELS,
        links=links,
        **extra,
    ), status


def render_role(strategy: Strategy, organisation_id: int, links: dict, **extra):
    """Render an organisation's role across the strategy."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation.erased_at is not None:
        raise NotFound(N_("No such organisation."))
    role = role_in_strategy(db.session, organisation, strategy)
    kind = ORG_TYPE_BY_KEY.get(organisation.org_type)
    return render_template(
        "strategy/role.html",
        strategy=strategy,
        organisation=organisation,
        type_label=kind.label if kind else organisation.org_type,
        role=role,
        status_labels=STATUS_LABELS,
        links=links,
        **extra,
    )
