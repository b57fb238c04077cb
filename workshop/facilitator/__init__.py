"""Facilitator pages: log in, set up workshops, priorities and tables, open joining."""

from flask import Blueprint

bp = Blueprint("facilitator", __name__)

from workshop.facilitator import views  # noqa: E402,F401  (registers the routes)
