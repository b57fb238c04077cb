"""REST API views: parse JSON, authorize, call the domain, commit, answer."""

from workshop import live
from workshop.api import bp
from workshop.api.body import json_body
from workshop.auth import owned_workshop, require_facilitator
from workshop.errors import ValidationFailed
from workshop.extensions import db
from workshop.i18n_markers import N_
from workshop.joining import join, validate_join
from workshop.limits import failed_code_lookups, join_attempts, workshop_by_code
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
    workshop = create_workshop(db.session, facilitator, details)
    for priority in cleaned:
        add_priority(workshop, priority)
    db.session.commit()
    return workshop.to_dict(), 201


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
