"""REST API views: parse JSON, authorize, call the domain, commit, answer."""

from workshop import live
from workshop.api import bp
from workshop.api.body import json_body
from workshop.auth import owned_workshop, require_facilitator
from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.ids import json_id
from workshop.joining import join, validate_join
from workshop.limits import failed_code_lookups, join_attempts, workshop_by_code
from workshop.process.strategies import link_priorities, take_priorities, writable_strategy
from workshop.workshops import add_priority, create_workshop, validate_priority, validate_workshop


@bp.post("/join")
@join_attempts
@failed_code_lookups
def api_join():
    """Join a workshop by code; answer the participant's token (shown only once)."""
    data = json_body()
    workshop = workshop_by_code(
        data.get("join_code") if isinstance(data.get("join_code"), str) else ""
    )
    participant, token = join(db.session, workshop, validate_join(workshop, data))
    db.session.commit()
    return {
        "token": token,
        "participant": participant.to_dict(),
        "workshop": workshop.to_dict(),
    }, 201


@bp.post("/workshops")
def api_create_workshop():
    """Create a workshop with its priorities and tables."""
    facilitator = require_facilitator()
    data = json_body()
    details = validate_workshop(data)
    priorities = data.get("priorities") or []
    if not isinstance(priorities, list):
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={"priorities": N_("Send priorities as a list of objects.")},
        )
    cleaned = []
    for index, raw in enumerate(priorities):
        if not isinstance(raw, dict):
            raise ValidationFailed(
                N_("Check the fields marked below."),
                fields={f"priorities[{index}]": N_("Send each priority as an object.")},
            )
        try:
            cleaned.append(validate_priority(raw, default_position=index + 1))
        except ValidationFailed as error:
            error.fields = {f"priorities[{index}].{k}": v for k, v in error.fields.items()}
            raise
    strategy, tables = strategy_of_new_workshop(facilitator, data)
    workshop = create_workshop(db.session, facilitator, details)
    for priority in cleaned:
        add_priority(workshop, priority)
    if strategy is not None and cleaned:
        link_priorities(db.session, workshop, strategy)
    elif strategy is not None:
        take_priorities(workshop, strategy, tables)
    db.session.commit()
    return workshop.to_dict(), 201


def strategy_of_new_workshop(facilitator, data: dict):
    """Return the strategy (`strategy_id`) a new workshop joins, and its tables per priority."""
    if data.get("strategy_id") is None:
        return None, 0
    strategy_id = json_id(data.get("strategy_id"))
    tables = data.get("tables_per_priority", 1)
    if strategy_id is None:
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={"strategy_id": N_("Give an id as a whole number.")},
        )
    if not isinstance(tables, int) or isinstance(tables, bool) or not 0 <= tables <= 30:
        raise ValidationFailed(
            N_("Check the fields marked below."),
            fields={
                "tables_per_priority": N_(
                    "Give the number of tables as a whole number from 0 to 30."
                )
            },
        )
    return writable_strategy(db.session, facilitator, strategy_id), tables


@bp.get("/workshops/<int:workshop_id>")
def api_workshop(workshop_id: int):
    """Return a workshop with its priorities and tables."""
    return owned_workshop(workshop_id, require_facilitator()).to_dict()


@bp.get("/workshops/<int:workshop_id>/overview")
def api_overview(workshop_id: int):
    """Return the live overview as data: the payload of the socket event `overview`
    (tables with their members, diversity and ideas, totals, clusters of overlapping drafts)."""
    workshop = owned_workshop(workshop_id, require_facilitator())
    return live.overview_of(workshop.id)
