"""Language: Finnish by default, English complete; the choice sticks in a cookie."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import gettext, lazy_gettext

from workshop.orgtypes import org_type

LANG_COOKIE = "aihio_lang"
LOGIN_MESSAGE = lazy_gettext("Log in to continue.")

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Pick the UI language: the stored choice, else Finnish."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translate(message: str, params: dict | None = None) -> str:
    """Translate a msgid marked with `N_` in a domain module, filling its parameters."""
    return gettext(message, **(params or {}))


def org_type_label(key: str) -> str:
    """Return the msgid of an organisation type's label (the key itself when unknown)."""
    known = org_type(key)
    return known.label if known else key


def safe_next(target: str | None) -> str:
    """Return a same-site path to go back to, never an absolute URL elsewhere."""
    if target:
        parts = urlsplit(target)
        # "/\\host" and "//host" are read by browsers as another site.
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith(("//", "/\\"))
            and "\\" not in target
        ):
            return target
    return url_for("participant.index")


@bp.post("/lang")
def set_language():
    """Remember the chosen language and go back to the page the user was on."""
    lang = request.form.get("lang")
    response = redirect(safe_next(request.form.get("next")))
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE,
            lang,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def init_app(app) -> None:
    """Register the language switch and make the current language known to templates."""
    app.register_blueprint(bp)

    app.jinja_env.globals["org_type_label"] = org_type_label

    @app.context_processor
    def inject_language():
        from flask_babel import get_locale

        return {"current_language": str(get_locale()), "languages": app.config["LANGUAGES"]}
