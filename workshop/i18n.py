"""Language: Finnish by default, English and Swedish complete; a choice sticks in a cookie.

Without a choice, a page of a workshop is in the workshop's language, any other page in
the browser's (Accept-Language), else Finnish. The room's screens (the projector view and
the join screen) are always in the workshop's language: `in_workshop_language`.
"""

from contextlib import contextmanager
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, redirect, request, url_for
from flask_babel import force_locale, gettext, lazy_gettext, refresh

from workshop.orgtypes import org_type

LANG_COOKIE = "aihio_lang"
LOGIN_MESSAGE = lazy_gettext("Log in to continue.")

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Pick the UI language: the stored choice, the workshop's, the browser's, else Finnish."""
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    workshop_language = g.get("workshop_language")
    if workshop_language in languages:
        return workshop_language
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def use_workshop_language(workshop) -> None:
    """Show this request's page in the workshop's language unless the user chose one."""
    g.workshop_language = workshop.language
    refresh()  # the locale may have been looked up already in this request


@contextmanager
def in_workshop_language(workshop):
    """Render a screen for the whole room in the workshop's language, whatever the cookie."""
    language = workshop.language
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        yield language


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
