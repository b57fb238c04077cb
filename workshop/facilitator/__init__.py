"""Facilitator pages: log in, set up workshops, priorities and tables, open joining."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__)

# Importing the view modules registers their routes on `bp`.
from workshop.facilitator import (  # noqa: E402,F401
    carry_pages,
    export_pages,
    import_pages,
    mapping_pages,
    organisation_pages,
    overview_pages,
    participant_pages,
    priorities,
    project_pages,
    results_pages,
    strategy_pages,
    views,
    workshop_pages,
)
from workshop.strategy_http import refuse_read_only_writes  # noqa: E402

bp.before_request(refuse_read_only_writes)
