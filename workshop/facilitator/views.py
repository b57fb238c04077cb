"""Facilitator views (placeholder until the facilitator pages land)."""

from flask import render_template

from workshop.facilitator import bp


@bp.get("/login")
def login():
    """Ask for the facilitator's email and password."""
    return render_template("error.html", status=501, message="Not yet")
