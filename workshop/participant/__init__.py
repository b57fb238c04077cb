"""Participant pages: enter a code, join, pick a table, sit at it."""

from flask import Blueprint

bp = Blueprint("participant", __name__)

from workshop.participant import gallery, views  # noqa: E402,F401  (registers the routes)
