"""Facilitator accounts in the browser: log in, log out, the list of one's workshops."""

from functools import cache

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from workshop.accounts import facilitator_by_email
from workshop.extensions import db, limiter
from workshop.facilitator import bp
from workshop.facilitator.pages import me
from workshop.i18n import safe_next
from workshop.workshops import workshops_of


def login_fail_limit() -> str:
    return current_app.config["LOGIN_FAIL_RATE_LIMIT"]


# Only failed attempts count, so a venue behind one address can still log in.
failed_logins = limiter.shared_limit(
    login_fail_limit, scope="login-failed", deduct_when=lambda r: r.status_code == 401
)


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
@failed_logins
def login_submit():
    """Log the facilitator in and go on to `next` or the dashboard."""
    email = request.form.get("email", "")
    password = request.form.get("password", "")
    facilitator = facilitator_by_email(db.session, email) if email.strip() else None
    if facilitator is None:
        check_password_hash(_dummy_hash(), password)  # answer as slowly as for a known email
    elif facilitator.check_password(password):
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
    """Log out and go back to the login page."""
    logout_user()
    flash(_("You have logged out."))
    return redirect(url_for("facilitator.login"))


@bp.get("/")
@login_required
def dashboard():
    """List the facilitator's own workshops, newest first."""
    return render_template("facilitator/dashboard.html", workshops=workshops_of(db.session, me()))
