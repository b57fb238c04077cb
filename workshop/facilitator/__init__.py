"""Facilitator pages: log in, set up workshops, priorities and tables, open joining."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__)

# Importing the view modules registers their routes on `bp`.
from workshop.facilitator import (  # noqa: E402,F401
    export_pages,
    import_pages,
    mapping_pages,
    organisation_pages,
    overview_pages,
    participant_pages,
    priorities,
    results_pages,
    views,
    workshop_pages,
)
