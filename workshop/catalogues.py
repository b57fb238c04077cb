"""Translations outside a request: messages broadcast to a room (table_state, overview)
carry every UI language, since the people in one room read different ones."""

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LANGUAGES = ("fi", "en", "sv")
DIRECTORY = Path(__file__).resolve().parent / "translations"


@cache
def _translations(language: str) -> NullTranslations:
    return Translations.load(str(DIRECTORY), [language], domain="messages")


def gettext_for(language: str):
    """Return `gettext(msgid, **params)` for one language, like Flask-Babel's."""
    translations = _translations(language)

    def gettext(msgid: str, **params) -> str:
        text = translations.gettext(msgid)
        return text % params if params else text

    return gettext


def in_every_language(render) -> dict[str, str]:
    """Return `render(gettext)` in each UI language."""
    return {language: render(gettext_for(language)) for language in LANGUAGES}
