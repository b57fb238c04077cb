"""Domain rules with no Flask in them: codes, tokens, names, workshop validation."""

from datetime import date

import pytest

from workshop.errors import ValidationFailed
from workshop.organisations import clean_name, normalise_name
from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS, HELIXES, ORG_TYPES
from workshop.secrets_util import (
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    hash_token,
    new_join_code,
    new_token,
    normalise_join_code,
)
from workshop.workshops import validate_priority, validate_table, validate_workshop


def test_join_codes_avoid_look_alike_characters():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190
    for code in codes:
        assert len(code) == JOIN_CODE_LENGTH == 8 and set(code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_typed_codes_are_normalised():
    assert normalise_join_code(" ab-c d3 ") == "ABCD3"
    assert normalise_join_code(None) == ""


def test_tokens_are_long_random_and_stored_as_sha256():
    token = new_token()
    assert len(token) >= 43 and token != new_token()
    assert len(hash_token(token)) == 64 and hash_token(token) == hash_token(token)


@pytest.mark.parametrize(
    "typed",
    ["Lapin yliopisto", " lapin  Yliopisto", "LAPIN\tYLIOPISTO", "Lapin\u00a0yliopisto"],
)
def test_organisation_names_match_ignoring_case_and_spacing(typed):
    assert normalise_name(typed) == "lapin yliopisto"


def test_organisation_names_keep_their_case_when_shown():
    assert clean_name("  Lapin   AMK ") == "Lapin AMK"


def test_every_org_type_maps_to_a_helix_or_none():
    assert {t.helix for t in ORG_TYPES} - {None} == set(HELIXES)
    assert DEFAULT_ORG_TYPE_KEYS[0] == "company" and "other" in DEFAULT_ORG_TYPE_KEYS


def test_workshop_details_are_cleaned():
    details = validate_workshop(
        {"title": "  Sprintti  ", "date": "2026-05-23", "org_types": ["other", "company"]}
    )
    assert details.title == "Sprintti"
    assert details.date == date(2026, 5, 23)
    assert details.org_types == ["company", "other"]  # canonical order


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "x", "date": "23.5.2026"}, "date"),
        ({"title": "x", "language": "de"}, "language"),
        ({"title": "x", "org_types": ["company", "pirates"]}, "org_types"),
        ({"title": "x", "org_types": ["company"]}, "org_types"),
        ({"title": "x", "org_types": "company"}, "org_types"),
    ],
)
def test_bad_workshop_details_name_the_field(raw, field):
    with pytest.raises(ValidationFailed) as caught:
        validate_workshop(raw)
    assert field in caught.value.fields


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "tables": -1}, "tables"),
        ({"name": "x", "tables": 31}, "tables"),
        ({"name": "x", "tables": "two"}, "tables"),
        ({"name": "x", "position": True}, "position"),
        ({"name": "x", "description": "d" * 2001}, "description"),
    ],
)
def test_bad_priorities_name_the_field(raw, field):
    with pytest.raises(ValidationFailed) as caught:
        validate_priority(raw)
    assert field in caught.value.fields


def test_priority_description_keeps_its_line_breaks():
    assert validate_priority({"name": "P", "description": "a\nb"}).description == "a\nb"


@pytest.mark.parametrize("capacity", ["0", "51", "many", -3])
def test_bad_table_capacity_is_refused(capacity):
    with pytest.raises(ValidationFailed) as caught:
        validate_table({"name": "1.1", "capacity": capacity})
    assert "capacity" in caught.value.fields


def test_table_capacity_may_be_left_empty():
    assert validate_table({"name": "1.1", "capacity": ""}) == ("1.1", None)
