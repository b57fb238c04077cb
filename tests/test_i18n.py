"""Translations: every UI string has a Finnish and a Swedish translation, placeholders
survive, and pages are Finnish by default, English or Swedish with the language cookie.

The `.mo` files these pages read are compiled by tests/i18n_compile.py at session start.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import ngettext

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "workshop" / "translations"
FINNISH_PO = TRANSLATIONS / "fi" / "LC_MESSAGES" / "messages.po"
# The languages whose catalogue must translate every msgid (English is the msgids' own).
COMPLETE_LANGUAGES = {"fi": "Finnish", "sv": "Swedish"}
# As in `pybabel extract -F babel.cfg -k N_ -k lazy_gettext -k _l` (the defaults include
# _, gettext, ngettext and N_).
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "lazy_gettext": None, "_l": None}
SKIPPED_DIRECTORIES = {"node_modules"}
# printf-style conversions, as Python's % operator reads them (including "%%").
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")


def _walk_filter(path: str) -> bool:
    """Descend as pybabel does (no dot or underscore folders), skipping node_modules."""
    name = os.path.basename(path)
    return not name.startswith((".", "_")) and name not in SKIPPED_DIRECTORIES


def extracted_messages() -> dict[str, tuple[str, ...]]:
    """Extract the msgids of the source as pybabel does: {msgid: (msgid, plural?)}."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(ROOT / "babel.cfg"))
    found: dict[str, tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        ROOT,
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=_walk_filter,
    ):
        forms = message if isinstance(message, tuple) else (message,)
        forms = tuple(form for form in forms if form)
        if forms:
            found.setdefault(forms[0], forms)
    return found


def catalog_path(language: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"


def read_catalog(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language)


def finnish_catalog() -> Catalog:
    return read_catalog("fi")


def translated_entries(catalog: Catalog) -> Iterator[Message]:
    return (message for message in catalog if message.id)


def untranslated_reason(message: Message | None) -> str | None:
    """Say why a catalogue entry does not count as translated, or None when it does."""
    if message is None:
        return "not in the catalogue"
    if message.fuzzy:
        return "fuzzy"
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if not strings or not all(strings):
        return "empty msgstr"
    return None


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_the_source_yields_messages():
    found = extracted_messages()
    assert "Workshop code" in found
    assert found["%(num)d person"] == ("%(num)d person", "%(num)d people")


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_every_message_in_the_source_has_a_translation(language):
    catalog = read_catalog(language)
    name = COMPLETE_LANGUAGES[language]
    problems = []
    for msgid in sorted(extracted_messages()):
        reason = untranslated_reason(catalog.get(msgid))
        if reason:
            problems.append(f"{msgid!r}: {reason}")
    assert not problems, (
        f"{len(problems)} message(s) lack a {name} translation in"
        f" {catalog_path(language).relative_to(ROOT)} (append them by hand:"
        " msgid and msgstr):\n  " + "\n  ".join(problems)
    )


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalog = read_catalog(language)
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    problems = [
        f"{message.id!r}: {reason}"
        for message in translated_entries(catalog)
        if (reason := untranslated_reason(message))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", COMPLETE_LANGUAGES)
def test_translations_keep_the_placeholders_of_their_msgid(language):
    problems = []
    for message in translated_entries(read_catalog(language)):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, string in enumerate(strings):
            if not string:
                continue
            # msgstr[0] pairs with msgid, every later form with msgid_plural.
            source = ids[min(index, len(ids) - 1)]
            if placeholders(string) != placeholders(source):
                problems.append(
                    f"{source!r}: {sorted(placeholders(source))} != {sorted(placeholders(string))}"
                    f" in {string!r}"
                )
                continue
            # Jinja's gettext formats every string with %, with or without parameters.
            names = re.findall(r"%\(([^)]*)\)", source)
            try:
                string % {name: 1 for name in names}
            except (TypeError, ValueError, KeyError) as error:
                problems.append(f"{string!r} cannot be formatted: {error}")
    assert not problems, "\n".join(problems)


def test_pages_are_finnish_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="fi">' in page
    assert "Työpajan koodi" in page
    assert "Liity työpajaan" in page
    assert "Workshop code" not in page


def test_pages_are_english_with_the_language_cookie(client):
    client.set_cookie("aihio_lang", "en")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Workshop code" in page
    assert "Join a workshop" in page
    assert "Työpajan koodi" not in page


def test_pages_are_swedish_with_the_language_cookie_and_offer_the_other_two(client):
    client.set_cookie("aihio_lang", "sv")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in page
    assert "Workshopkod" in page and "Delta i en workshop" in page
    assert "Työpajan koodi" not in page and "Workshop code" not in page
    assert 'value="fi" lang="fi">Suomeksi<' in page
    assert 'value="en" lang="en">In English<' in page
    assert 'value="sv"' not in page


@pytest.mark.parametrize(
    ("cookie", "one", "many"),
    [
        (None, "1 henkilö", "3 henkilöä"),
        ("en", "1 person", "3 people"),
        ("sv", "1 person", "3 personer"),
    ],
)
def test_plural_forms_follow_the_language(app, cookie, one, many):
    headers = {"Cookie": f"aihio_lang={cookie}"} if cookie else {}
    with app.test_request_context("/", headers=headers):
        assert ngettext("%(num)d person", "%(num)d people", 1) == one
        assert ngettext("%(num)d person", "%(num)d people", 3) == many
