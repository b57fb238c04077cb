"""The voting gallery: every idea of the workshop, read-only, with dot-vote buttons.

Reading is open to the whole workshop (as `open_idea` is); the text comes from the ideas'
plain-text projection (`Idea.fields`). Votes are cast over the socket (`vote` / `unvote`,
static/src/gallery.js); this page only lists what there is to vote on.
"""

import sqlalchemy as sa
from flask import redirect, render_template, url_for
from flask_babel import get_locale

from workshop import facilitation
from workshop.auth import current_participant
from workshop.extensions import db
from workshop.models import Idea, Workshop
from workshop.participant import bp
from workshop.template import fields_of


@bp.get("/w/<int:workshop_id>/gallery")
def gallery(workshop_id: int):
    """Show every idea of the workshop by priority and table, with the participant's votes."""
    workshop = db.get_or_404(Workshop, workshop_id)
    participant = current_participant(workshop.id)
    if participant is None:  # not to the join page: that would tell anyone the code
        return redirect(url_for("participant.index"))
    language = str(get_locale())
    fields = [
        {"key": f.key, "label": f.label_in(language)}
        for f in fields_of(workshop.settings)
        if f.key != "title"
    ]
    ideas = db.session.scalars(
        sa.select(Idea)
        .where(Idea.workshop_id == workshop.id, Idea.archived_at.is_(None))
        .order_by(Idea.table_id, Idea.id)
    ).all()
    by_priority: dict[int, list[dict]] = {}
    for idea in ideas:
        texts = idea.fields or {}
        by_priority.setdefault(idea.priority_id, []).append(
            {
                "id": idea.id,
                "title": idea.title,
                "state": idea.state,
                "table": idea.table.name if idea.table else None,
                "fields": [
                    {**f, "text": (texts.get(f["key"]) or "").strip()}
                    for f in fields
                    if (texts.get(f["key"]) or "").strip()
                ],
            }
        )
    priorities = [
        {"id": p.id, "name": p.name, "ideas": by_priority.get(p.id, [])}
        for p in workshop.priorities
    ]
    voting = facilitation.voting_of(workshop)
    mine = facilitation.my_votes(db.session, participant.id)
    config = {
        "workshop_id": workshop.id,
        "voting": voting,
        "votes_left": voting["votes_per_participant"] - len(mine),
        "my_votes": mine,
        "state": workshop.state,
    }
    return render_template(
        "participant/gallery.html",
        workshop=workshop,
        me=participant,
        priorities=priorities,
        idea_count=len(ideas),
        voting=voting,
        my_votes=mine,
        config=config,
    )
