"""Facilitator accounts in the browser: log in, log out, the list of one's workshops."""

from functools import cache

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from workshop import logins
from workshop.accounts import facilitator_by_email
from workshop.extensions import db
from workshop.facilitator import bp
from workshop.facilitator.pages import me
from workshop.i18n import safe_next
from workshop.limits import limit_failed_logins
from workshop.workshops import workshops_of


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-password")


def after_login_path(target: str | None) -> str:
    """Return where to go after logging in: a same-site `next`, else the dashboard."""
    dashboard = url_for("facilitator.dashboard")
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return dashboard  # browsers read "/\evil.example" as "//evil.example"
    return target if safe_next(target) == target else dashboard


@bp.get("/login")
def login():
    """Ask for the facilitator's email and password."""
    if current_user.is_authenticated:
        return redirect(after_login_path(request.args.get("next")))
    return render_template("facilitator/login.html", email="", next=request.args.get("next", ""))


@bp.post("/login")
@limit_failed_logins
def login_submit():
    """Log the facilitator in and go on to `next` or the dashboard."""
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    facilitator = facilitator_by_email(db.session, email) if email.strip() else None
    if facilitator is None:
        check_password_hash(_dummy_hash(), password)  # answer as slowly as for a known email
    elif facilitator.check_password(password):
        logins.start_login(db.session, facilitator)
        db.session.commit()
        login_user(facilitator)
        return redirect(after_login_path(request.form.get("next")))
    return render_template(
        "facilitator/login.html",
        email=email,
        next=request.form.get("next", ""),
        error=_("The email or the password is wrong. Check both and try again."),
    ), 401


@bp.post("/logout")
def logout():
    """Log out, ending the login on the server too, and go back to the login page."""
    if current_user.is_authenticated:
        logins.end_login(db.session, current_user.login_token)
        db.session.commit()
    logout_user()
    flash(_("You have logged out."))
    return redirect(url_for("facilitator.login"))


@bp.get("/")
@login_required
def dashboard():
    """List the facilitator's own workshops, newest first (a coordination-group account,
    which has none, goes to its strategies)."""
    if me().read_only:
        return redirect(url_for("facilitator.strategy_list"))
    return render_template("facilitator/dashboard.html", workshops=workshops_of(db.session, me()))
