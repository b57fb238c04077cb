"""The consortium of an idea (workshop/consortium.py): names in lead and partners matched to
known organisations despite case, spacing, Finnish inflection and notes in brackets; an
ambiguous or unknown name is reported unknown, never guessed; the helixes reached."""

import pytest

from workshop.consortium import (
    MAX_NAMES,
    KnownOrganisation,
    candidate_keys,
    consortium_summary,
    known_organisations,
    match_name,
    match_names,
    split_names,
)
from workshop.extensions import db
from workshop.models import Organisation
from workshop.organisations import normalise_name

ORGANISATIONS = [
    ("Lapin yliopisto", "research"),
    ("Lapin AMK", "education"),
    ("Rovaniemen kaupunki", "municipality"),
    ("Kemin kunta", "municipality"),
    ("Lapin liitto", "public_authority"),
    ("Metsähallitus", "public_authority"),
    ("Business Finland", "public_authority"),
    ("Luonnonvarakeskus", "research"),
    ("Lapin ELY-keskus", "public_authority"),
    ("Arktiset Elämykset Oy", "company"),
    ("Osuuspankki", "company"),
    ("Instituutti", "research"),
    ("Rovaniemi", "municipality"),
    ("Kemijärvi", "municipality"),
    ("VTT", "research"),
    ("Lapin Yrittäjät ry", "civil_society"),
    ("Kemi Oy", "company"),
    ("Muu toimija", "other"),
    # Two organisations one inflected form could mean: "Tunturin" is Tunturi's or Tuntur's.
    ("Tunturi", "company"),
    ("Tuntur", "civil_society"),
]


@pytest.fixture
def known() -> dict[str, KnownOrganisation]:
    return {
        normalise_name(name): KnownOrganisation(index, name, kind)
        for index, (name, kind) in enumerate(ORGANISATIONS, start=1)
    }


def matched(name: str, known) -> str | None:
    found = match_name(name, known)
    return found.name if found else None


# -- splitting -----------------------------------------------------------------------------


def test_names_are_split_by_lines_semicolons_and_commas_and_bullets_go():
    text = "- Lapin yliopisto\n2) Rovaniemen kaupunki; Kemin kunta, • VTT.\n\n  \n"
    assert split_names(text) == ["Lapin yliopisto", "Rovaniemen kaupunki", "Kemin kunta", "VTT"]


def test_a_comma_inside_brackets_does_not_split_a_name():
    assert split_names("Lapin yliopisto (vetäjä, koordinaattori), Lapin AMK") == [
        "Lapin yliopisto (vetäjä, koordinaattori)",
        "Lapin AMK",
    ]


def test_an_unclosed_bracket_ends_at_the_line():
    assert split_names("Lapin yliopisto (vetäjä\nLapin AMK, VTT") == [
        "Lapin yliopisto (vetäjä",
        "Lapin AMK",
        "VTT",
    ]


def test_empty_or_missing_text_names_nobody():
    assert split_names("") == [] and split_names(None) == [] and split_names(" ,;\n- ") == []


# -- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "organisation"),
    [
        # as written, any case and spacing
        ("Lapin yliopisto", "Lapin yliopisto"),
        ("  lapin   YLIOPISTO ", "Lapin yliopisto"),
        # genitive -n, -in; after a colon
        ("Lapin yliopiston", "Lapin yliopisto"),
        ("Lapin AMKin", "Lapin AMK"),
        ("Lapin AMK:n", "Lapin AMK"),
        ("Arktiset Elämykset Oy:n", "Arktiset Elämykset Oy"),
        ("Lapin Yrittäjät ry:n", "Lapin Yrittäjät ry"),
        ("VTT:ssä", "VTT"),
        ("VTT:lle", "VTT"),
        # local cases
        ("Lapin yliopistossa", "Lapin yliopisto"),
        ("Lapin yliopistosta", "Lapin yliopisto"),
        ("Lapin yliopistolla", "Lapin yliopisto"),
        ("Lapin yliopistolta", "Lapin yliopisto"),
        ("Lapin yliopistolle", "Lapin yliopisto"),
        ("Lapin yliopistoon", "Lapin yliopisto"),
        ("Lapin AMKissa", "Lapin AMK"),
        # partitive -a/-ä, -ta/-tä
        ("Lapin yliopistoa", "Lapin yliopisto"),
        ("Metsähallitusta", "Metsähallitus"),
        # front-vowel endings
        ("Kemijärvellä", "Kemijärvi"),
        ("Kemijärveä", "Kemijärvi"),
        ("Kemi Oy:ssä", "Kemi Oy"),
        # stem changes: -kse- → -s, gradation, e-stems, the linking i
        ("Metsähallituksen", "Metsähallitus"),
        ("Luonnonvarakeskukselle", "Luonnonvarakeskus"),
        ("Lapin ELY-keskuksen", "Lapin ELY-keskus"),
        ("Lapin liiton", "Lapin liitto"),
        ("Lapin liitolla", "Lapin liitto"),
        ("Rovaniemen kaupungin", "Rovaniemen kaupunki"),
        ("Rovaniemen kaupungille", "Rovaniemen kaupunki"),
        ("Kemin kunnan", "Kemin kunta"),
        ("Osuuspankin", "Osuuspankki"),
        ("Instituutin", "Instituutti"),
        ("Rovaniemen", "Rovaniemi"),
        ("Business Finlandin", "Business Finland"),
        ("Business Finlandille", "Business Finland"),
        # a note in brackets after the name, also after an inflected one
        ("Lapin yliopisto (lead)", "Lapin yliopisto"),
        ("Lapin yliopiston (vetäjä)", "Lapin yliopisto"),
        ("Lapin AMK [koordinaattori] (vetäjä)", "Lapin AMK"),
    ],
)
def test_inflected_and_annotated_names_match_their_organisation(written, organisation, known):
    assert matched(written, known) == organisation


@pytest.mark.parametrize(
    "written",
    [
        "Lapin",  # a word of a name is not the name
        "Lapin yli",
        "yliopisto",
        "Lapin yliopistot",  # the plural is another thing
        "Lapin yliopistosäätiö",  # a longer name that starts like a known one
        "Lapin yliopistossa ja Lapin AMK",  # two names in one: not split on "ja", not guessed
        "Lapin yliopistoo",  # a typo is not an ending
        "Arktiset Elämykset",  # without its company form
        "Arktiset Elämykset Oyn",  # "Oy" keeps too few letters without its colon
        "Lapin AMK:ta:n",  # nonsense after a colon
        "(vetäjä)",  # a note alone
        "Tuntematon Säätiö",
        "",
    ],
)
def test_names_that_are_not_a_known_organisation_stay_unknown(written, known):
    assert match_name(written, known) is None


def test_an_inflected_form_of_two_organisations_is_ambiguous_and_stays_unknown(known):
    # "Tunturin" is the genitive of both "Tunturi" and "Tuntur": no guess.
    assert match_name("Tunturin", known) is None
    assert match_name("Tunturista", known) is None
    # As written it is not ambiguous.
    assert matched("Tunturi", known) == "Tunturi"
    assert matched("Tuntur", known) == "Tuntur"


def test_the_name_as_written_wins_over_an_inflected_reading(known):
    known = dict(known)
    known["lapin yliopiston"] = KnownOrganisation(99, "Lapin yliopiston", "company")
    assert matched("Lapin yliopiston", known) == "Lapin yliopiston"
    assert matched("Lapin yliopistossa", known) == "Lapin yliopisto"


def test_a_name_without_its_note_wins_over_an_inflected_reading(known):
    known = dict(known)
    known["lapin yliopistoa"] = KnownOrganisation(98, "Lapin yliopistoa", "company")
    assert matched("Lapin yliopistoa (vetäjä)", known) == "Lapin yliopistoa"


def test_the_exports_keys_still_include_the_genitive_forms():
    assert "lapin yliopisto" in candidate_keys("Lapin yliopiston")
    assert "lapin amk" in candidate_keys("Lapin AMK:n")
    assert candidate_keys("Lapin yliopiston")[0] == "lapin yliopiston"  # as written first


def test_match_names_keeps_every_name_in_order_with_its_match(known):
    names = match_names("Lapin yliopiston\nTuntematon Säätiö; Lapin liiton", known)
    assert [(n.text, n.organisation and n.organisation.name) for n in names] == [
        ("Lapin yliopiston", "Lapin yliopisto"),
        ("Tuntematon Säätiö", None),
        ("Lapin liiton", "Lapin liitto"),
    ]


# -- the summary ---------------------------------------------------------------------------


def test_summary_names_the_organisations_their_types_and_the_helixes(known):
    summary = consortium_summary(
        {"lead": "Lapin yliopiston", "partners": "Arktiset Elämykset Oy\nTuntematon Säätiö"},
        known,
    )
    assert summary["lead"] == [
        {
            "text": "Lapin yliopiston",
            "organisation": {
                "id": 1,
                "name": "Lapin yliopisto",
                "org_type": "research",
                "helix": "research_education",
            },
        }
    ]
    assert summary["partners"][0]["organisation"]["name"] == "Arktiset Elämykset Oy"
    assert summary["partners"][0]["organisation"]["helix"] == "business"
    assert summary["partners"][1] == {"text": "Tuntematon Säätiö", "organisation": None}
    assert summary["helixes"] == ["business", "research_education"]
    assert summary["missing_helixes"] == ["public_sector", "civil_society"]
    assert summary["unknown"] == ["Tuntematon Säätiö"]


def test_summary_of_an_empty_idea_misses_every_helix(known):
    summary = consortium_summary({}, known)
    assert summary == {
        "lead": [],
        "partners": [],
        "helixes": [],
        "missing_helixes": ["business", "research_education", "public_sector", "civil_society"],
        "unknown": [],
    }


def test_summary_reaches_all_four_helixes(known):
    summary = consortium_summary(
        {
            "lead": "Lapin liiton",
            "partners": "Osuuspankki, Lapin AMK:n, Lapin Yrittäjät ry, Muu toimija",
        },
        known,
    )
    assert summary["helixes"] == [
        "business",
        "research_education",
        "public_sector",
        "civil_society",
    ]
    assert summary["missing_helixes"] == [] and summary["unknown"] == []
    # "other" reaches no helix but is recognised all the same
    other = summary["partners"][-1]["organisation"]
    assert other["name"] == "Muu toimija" and other["helix"] is None


def test_summary_lists_an_unknown_name_once_and_ambiguous_names_as_unknown(known):
    summary = consortium_summary(
        {"lead": "Tuntematon Säätiö", "partners": "tuntematon  säätiö\nTunturin\nLapin"},
        known,
    )
    assert summary["unknown"] == ["Tuntematon Säätiö", "Tunturin", "Lapin"]
    assert summary["helixes"] == []


def test_summary_reads_only_lead_and_partners(known):
    summary = consortium_summary({"need": "Lapin yliopisto", "title": "VTT"}, known)
    assert summary["lead"] == summary["partners"] == summary["unknown"] == []


def test_summary_caps_the_names_of_a_pasted_essay_and_cuts_long_ones(known):
    essay = "\n".join(f"Nimi {i}" for i in range(500))
    summary = consortium_summary({"partners": essay, "lead": "x" * 500}, known)
    assert len(summary["partners"]) == MAX_NAMES
    assert len(summary["lead"][0]["text"]) == 120 and summary["lead"][0]["text"].endswith("…")


# -- known organisations from the database -------------------------------------------------


def test_known_organisations_are_read_by_normalised_name(app):
    db.session.add_all(
        [
            Organisation(
                name="Lapin yliopisto", normalized_name="lapin yliopisto", org_type="research"
            ),
            Organisation(
                name="Kemin kunta", normalized_name="kemin kunta", org_type="municipality"
            ),
        ]
    )
    db.session.commit()
    known = known_organisations(db.session)
    assert set(known) == {"lapin yliopisto", "kemin kunta"}
    summary = consortium_summary({"partners": "Lapin yliopistossa\nKemin kunnan"}, known)
    assert [p["organisation"]["name"] for p in summary["partners"]] == [
        "Lapin yliopisto",
        "Kemin kunta",
    ]
    assert summary["helixes"] == ["research_education", "public_sector"]
