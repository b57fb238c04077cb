"""Table diversity: verdicts, the Blau index, rule validation, voice and suggested moves."""

import dataclasses
from math import comb

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from workshop.diversity import (
    DEFAULT_RULES,
    VOICE_MIN_CHARS,
    DiversityRules,
    Member,
    blau_index,
    table_verdict,
    validate_rules,
    voice_of,
)
from workshop.diversity_moves import (
    EXHAUSTIVE_LIMIT,
    Move,
    exhaustive_moves,
    is_worse,
    local_search_moves,
    suggest_moves,
)
from workshop.errors import ValidationFailed

LY = ("lapin yliopisto", "research")
AMK = ("lapin amk", "education")
CITY = ("rovaniemen kaupunki", "municipality")
REGION = ("lapin liitto", "public_authority")
FIRM = ("paperi oy", "company")
FIRM2 = ("matkailu oy", "company")
DEV = ("kehitysyhtiö", "development")
NGO = ("kyläyhdistys ry", "civil_society")
NGO2 = ("marttaliitto", "civil_society")
OY = ("oulun yliopisto", "research")


def table(*orgs, start=1):
    """Return members numbered from start, one per (organisation, type)."""
    return [Member(start + i, key, org_type) for i, (key, org_type) in enumerate(orgs)]


def texts(verdict):
    return [r.text() for r in verdict.reasons]


def codes(verdict):
    return [r.code for r in verdict.reasons]


def only(**changes):
    """Return the default rules with some changed."""
    return dataclasses.replace(DEFAULT_RULES, **changes)


# --- verdicts -------------------------------------------------------------------------------


def test_four_of_six_from_one_university_warns_with_the_count():
    verdict = table_verdict(table(LY, LY, LY, LY, FIRM, CITY))
    assert verdict.state == "warn"
    assert "4 of 6 from one organisation" in texts(verdict)
    assert "Missing: Civil society" in texts(verdict)
    assert codes(verdict) == ["one_organisation_majority", "helix_missing"]
    assert verdict.organisations == 3
    assert verdict.largest_share == pytest.approx(4 / 6)
    assert verdict.present_helixes == ("business", "research_education", "public_sector")
    assert verdict.missing_helixes == ("civil_society",)
    assert verdict.invite == ("civil_society",)


def test_all_four_helixes_from_different_organisations_is_ok():
    verdict = table_verdict(table(LY, FIRM, CITY, NGO))
    assert verdict.state == "ok"
    assert verdict.reasons == ()
    assert verdict.flags == frozenset()
    assert verdict.invite == ()


def test_three_helixes_without_a_company_are_lacking_and_business_is_not_repeated():
    verdict = table_verdict(table(LY, CITY, NGO))
    assert verdict.state == "lacking"
    assert texts(verdict) == ["No companies at this table"]
    assert verdict.invite == ("company", "development")


def test_fewer_than_three_helixes_are_lacking_and_the_missing_ones_are_named():
    verdict = table_verdict(table(FIRM, FIRM2, LY))
    assert verdict.state == "lacking"
    assert codes(verdict) == ["too_few_helixes", "helix_missing"]
    assert texts(verdict) == [
        "Only 2 helixes present, 3 needed",
        "Missing: Public sector, Civil society",
    ]
    assert verdict.invite == ("municipality", "public_authority", "civil_society")


def test_a_development_company_counts_as_business():
    assert table_verdict(table(DEV, LY, CITY, NGO)).state == "ok"


def test_a_missing_helix_alone_warns():
    verdict = table_verdict(table(FIRM, LY, CITY))
    assert verdict.state == "warn"
    assert verdict.flags == {"helix_missing:civil_society"}


def test_a_missing_helix_does_not_warn_when_the_workshop_turns_it_off():
    verdict = table_verdict(table(FIRM, LY, CITY), only(warn_on_missing_helix=False))
    assert verdict.state == "ok"
    assert verdict.invite == ("civil_society",)  # still offered


def test_exactly_half_from_one_organisation_is_no_majority():
    rules = only(warn_on_missing_helix=False)
    assert table_verdict(table(LY, LY, FIRM, CITY), rules).state == "ok"
    assert table_verdict(table(LY, LY, LY, FIRM, CITY), rules).state == "warn"


def test_a_table_can_be_lacking_and_warned_at_once_and_shows_the_worse_state():
    verdict = table_verdict(table(LY, LY, LY, AMK))
    assert verdict.state == "lacking"
    assert set(codes(verdict)) == {
        "too_few_helixes",
        "no_business",
        "one_organisation_majority",
        "helix_missing",
    }


def test_rules_are_editable_per_workshop():
    rules = only(min_members=2, min_helixes=2, require_business=False, max_org_share=1.0)
    verdict = table_verdict(table(LY, LY), rules)
    assert verdict.state == "lacking" and codes(verdict)[0] == "too_few_helixes"
    rules = only(min_members=2, min_helixes=2, require_business=False)
    assert table_verdict(table(LY, CITY), rules).state == "warn"  # two helixes missing


@pytest.mark.parametrize("people", [0, 1, 2])
def test_fewer_than_three_people_need_people_yet_report_coverage_and_invite(people):
    members = table(FIRM, LY)[:people]
    verdict = table_verdict(members)
    assert verdict.state == "needs_people"
    assert codes(verdict) == ["too_few_people"]
    assert texts(verdict) == [f"Needs people: {people} here, 3 needed"]
    assert verdict.members == people
    assert len(verdict.present_helixes) == people
    assert "municipality" in verdict.invite and "civil_society" in verdict.invite


def test_an_empty_table_needs_people_and_invites_every_type_with_a_helix():
    verdict = table_verdict([])
    assert verdict.state == "needs_people"
    assert verdict.largest_share == 0.0 and verdict.blau == 0.0 and verdict.organisations == 0
    assert verdict.invite == (
        "company",
        "development",
        "research",
        "education",
        "municipality",
        "public_authority",
        "civil_society",
    )


def test_an_unknown_type_gives_no_helix_and_is_reported_without_changing_the_state():
    verdict = table_verdict(table(LY, FIRM, CITY, NGO, ("mystery oy", "spaceport")))
    assert verdict.state == "ok"
    assert codes(verdict) == ["unknown_type"]
    assert texts(verdict) == ["1 of 5 without a known organisation type"]
    assert verdict.flags == frozenset()
    lacking = table_verdict(table(LY, CITY, ("mystery oy", "spaceport")))
    assert "no_business" in codes(lacking)


def test_people_without_an_organisation_are_each_their_own_organisation():
    verdict = table_verdict(table((None, "company"), (None, "company"), (None, "company"), LY))
    assert verdict.organisations == 4
    assert verdict.largest_share == pytest.approx(1 / 4)
    assert "one_organisation_majority" not in codes(verdict)
    assert "business" in verdict.present_helixes


def test_a_deleted_organisation_counts_as_a_member_without_organisation_or_type():
    verdict = table_verdict(table(FIRM, LY, CITY, (None, None)))
    assert verdict.members == 4 and verdict.organisations == 4
    assert codes(verdict) == ["helix_missing", "unknown_type"]
    assert verdict.state == "warn"


def test_other_is_a_known_type_without_a_helix():
    verdict = table_verdict(table(LY, CITY, ("jokin muu", "other")))
    assert "unknown_type" not in codes(verdict)
    assert verdict.present_helixes == ("research_education", "public_sector")


def test_only_helixes_the_workshop_configured_are_expected():
    rules = validate_rules(
        {"require_business": False, "min_helixes": 2}, ["research", "municipality", "other"]
    )
    assert rules.helixes == ("research_education", "public_sector")
    verdict = table_verdict(table(LY, CITY, ("x", "other")), rules)
    assert verdict.state == "ok" and verdict.missing_helixes == ()
    assert codes(table_verdict(table(LY, CITY, FIRM), rules)) == ["unknown_type"]


def test_reasons_translate_through_gettext_with_joined_labels():
    catalogue = {
        "Missing: %(helixes)s": "Puuttuu: %(helixes)s",
        "Public sector": "Julkinen sektori",
        "Civil society": "Kansalaisyhteiskunta",
        "%(count)d of %(total)d from one organisation": "%(count)d/%(total)d samasta organisaatiosta",
    }

    def gettext(msgid, **params):
        text = catalogue.get(msgid, msgid)
        return text % params if params else text

    verdict = table_verdict(table(LY, LY, LY, LY, FIRM, AMK))
    assert [r.text(gettext) for r in verdict.reasons] == [
        "Only 2 helixes present, 3 needed",
        "4/6 samasta organisaatiosta",
        "Puuttuu: Julkinen sektori, Kansalaisyhteiskunta",
    ]
    data = verdict.as_dict(gettext)
    assert data["state"] == "lacking"
    assert data["reasons"][2]["params"] == {"helixes": ["Public sector", "Civil society"]}
    assert data["reasons"][2]["text"] == "Puuttuu: Julkinen sektori, Kansalaisyhteiskunta"


# --- Blau index -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("types", "expected"),
    [
        ([], 0.0),
        (["company"], 0.0),
        (["company", "company", "company"], 0.0),
        (["company", "research"], 0.5 / 0.875),  # 1 - (1/4 + 1/4) over 1 - 1/8
        (["company", "research", "municipality"], (2 / 3) / 0.875),
        (["research"] * 4 + ["company", "municipality"], 0.5 / 0.875),  # 1 - 18/36
        (["research"] * 2 + ["company"], (1 - 5 / 9) / 0.875),
        ([t for t, _ in DEFAULT_RULES.helix_of], 1.0),  # one of each of the 8 types
        (["company", "spaceport"], 0.0),  # the unknown type is left out
        (["company", "research", None], 0.5 / 0.875),
    ],
)
def test_blau_index_is_normalised_over_the_configured_types(types, expected):
    assert blau_index(types) == pytest.approx(expected)


def test_blau_index_uses_the_workshops_number_of_types():
    two = validate_rules({"require_business": False, "min_helixes": 2}, ["company", "research"])
    assert blau_index(["company", "research"], two) == pytest.approx(1.0)
    one = DiversityRules(helix_of=(("company", "business"),))
    assert blau_index(["company", "company"], one) == 0.0


def test_verdict_reports_the_blau_index_of_its_members():
    verdict = table_verdict(table(LY, LY, LY, LY, FIRM, CITY))
    assert verdict.blau == pytest.approx(0.5 / 0.875)


# --- validating the rules -------------------------------------------------------------------


def test_no_rules_mean_the_defaults():
    assert validate_rules(None) == DEFAULT_RULES
    assert validate_rules({}) == DEFAULT_RULES


def test_rules_typed_in_a_form_are_parsed():
    rules = validate_rules(
        {
            "min_members": "4",
            "min_helixes": 2.0,
            "require_business": "false",
            "max_org_share": "0,6",
            "warn_on_missing_helix": "on",
            "voice_share": 1,
            "quiet_share": 0,
        }
    )
    assert (rules.min_members, rules.min_helixes, rules.require_business) == (4, 2, False)
    assert (rules.max_org_share, rules.voice_share, rules.quiet_share) == (0.6, 1.0, 0.0)
    assert rules.warn_on_missing_helix is True


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"min_members": -1}, "min_members"),
        ({"min_members": 0}, "min_members"),
        ({"min_members": 2.5}, "min_members"),
        ({"min_members": "three"}, "min_members"),
        ({"min_members": True}, "min_members"),
        ({"min_members": None}, "min_members"),
        ({"min_helixes": -1}, "min_helixes"),
        ({"min_helixes": 5}, "min_helixes"),
        ({"max_org_share": 0}, "max_org_share"),
        ({"max_org_share": -0.2}, "max_org_share"),
        ({"max_org_share": 1.5}, "max_org_share"),
        ({"max_org_share": "half"}, "max_org_share"),
        ({"max_org_share": "nan"}, "max_org_share"),
        ({"max_org_share": [0.5]}, "max_org_share"),
        ({"voice_share": 0}, "voice_share"),
        ({"voice_share": 70}, "voice_share"),
        ({"quiet_share": 1}, "quiet_share"),
        ({"quiet_share": -0.01}, "quiet_share"),
        ({"require_business": "maybe"}, "require_business"),
        ({"warn_on_missing_helix": 2}, "warn_on_missing_helix"),
        ({"max_org_shar": 0.6}, "max_org_shar"),
    ],
)
def test_impossible_rules_are_rejected_naming_the_field_and_the_fix(raw, field):
    with pytest.raises(ValidationFailed) as caught:
        validate_rules(raw)
    assert set(caught.value.fields) == {field}
    message = caught.value.fields[field]
    assert message.endswith(".") and message.split()[0] in {"Give", "Answer", "Remove"}


def test_every_bad_rule_is_reported_at_once():
    with pytest.raises(ValidationFailed) as caught:
        validate_rules({"min_members": -3, "max_org_share": 2, "colour": "red"})
    assert set(caught.value.fields) == {"min_members", "max_org_share", "colour"}
    assert caught.value.message == "Check the fields marked below."


def test_rules_that_are_not_named_settings_are_rejected():
    with pytest.raises(ValidationFailed) as caught:
        validate_rules([("min_members", 3)])
    assert "diversity" in caught.value.fields


def test_rules_the_workshops_types_cannot_meet_are_rejected():
    with pytest.raises(ValidationFailed) as caught:
        validate_rules({}, ["research", "municipality"])
    assert set(caught.value.fields) == {"min_helixes", "require_business"}
    for org_types in (["company", "spaceport"], [], "company"):
        with pytest.raises(ValidationFailed) as caught:
            validate_rules({}, org_types)
        assert set(caught.value.fields) == {"org_types"}


def test_the_workshops_types_set_the_helix_mapping():
    rules = validate_rules({}, ["company", "research", "municipality", "civil_society"])
    assert rules.helix_of == (
        ("company", "business"),
        ("research", "research_education"),
        ("municipality", "public_sector"),
        ("civil_society", "civil_society"),
    )
    assert table_verdict(table(FIRM, LY, CITY), rules).invite == ("civil_society",)


# --- voice ----------------------------------------------------------------------------------


def test_no_text_yet_is_judged_ok_with_nobody_unheard():
    voice = voice_of([], members=table(LY, FIRM, CITY))
    assert voice.state == "ok" and voice.total_chars == 0
    assert voice.type_shares == {} and voice.unheard_types == () and voice.reasons == ()
    assert voice_of([(*LY, 0)]).total_chars == 0


def test_one_organisation_writing_most_of_the_text_is_one_voice():
    voice = voice_of([(*LY, 800), (*FIRM, 100), (*CITY, 100)])
    assert voice.state == "warn"
    assert [r.text() for r in voice.reasons] == [
        "One organisation wrote 80% of the text",
        "Research and education wrote 80% of the text",
    ]
    assert voice.largest_organisation_share == pytest.approx(0.8)
    assert voice.type_shares == {
        "company": pytest.approx(0.1),
        "research": pytest.approx(0.8),
        "municipality": pytest.approx(0.1),
    }


def test_one_helix_of_several_organisations_is_one_voice_too():
    voice = voice_of([(*FIRM, 400), (*FIRM2, 200), (*DEV, 150), (*LY, 250)])
    assert [r.code for r in voice.reasons] == ["one_helix_voice"]
    assert voice.reasons[0].text() == "Business wrote 75% of the text"
    assert voice.helix_shares == {
        "business": pytest.approx(0.75),
        "research_education": pytest.approx(0.25),
    }


def test_exactly_the_voice_share_is_not_one_voice():
    assert voice_of([(*LY, 70), (*FIRM, 30)]).state == "ok"


def test_authors_without_an_organisation_are_separate_voices():
    voice = voice_of([(None, "company", 500), (None, "company", 500), (*LY, 200)])
    assert voice.largest_organisation_share == pytest.approx(500 / 1200)
    assert [r.code for r in voice.reasons] == ["one_helix_voice"]


def test_members_whose_types_wrote_almost_nothing_are_not_heard():
    members = table(LY, FIRM, CITY, NGO, ("x", "spaceport"))
    voice = voice_of([(*LY, 500), (*FIRM, 480), (*CITY, 20)], members=members)
    assert voice.unheard_types == ("municipality", "civil_society", "spaceport")
    assert voice.reasons[-1].code == "not_heard" and voice.reasons[-1].level == "info"
    assert voice.reasons[-1].text() == "Not heard yet: Municipality, Association or NGO, spaceport"
    assert voice.state == "ok"


def test_a_title_alone_is_no_ones_voice_yet():
    # Right after a title is typed: 100 % of 30 characters is not worth a warning.
    voice = voice_of([(*LY, 30)], members=table(LY, FIRM, CITY))
    assert voice.state == "ok" and voice.reasons == ()
    assert voice.type_shares == {"research": 1.0}  # the shares are still reported
    assert voice_of([(*LY, VOICE_MIN_CHARS)], members=table(LY, FIRM, CITY)).state == "warn"


@pytest.mark.parametrize("members", [table(LY), table(LY, FIRM), table(LY, LY, LY)])
def test_no_voice_warning_for_a_person_alone_a_small_table_or_one_organisation(members):
    voice = voice_of([(*LY, 2000)], members=members)
    assert voice.state == "ok" and voice.reasons == ()


def test_negative_character_counts_count_as_nothing():
    voice = voice_of([(*LY, -40), (*FIRM, 10)])
    assert voice.total_chars == 10 and voice.type_shares == {"company": 1.0}


# --- suggested moves ------------------------------------------------------------------------


def apply(tables, moves):
    """Return the tables after moving people as suggested."""
    result = {t: list(ms) for t, ms in tables.items()}
    for move in moves:
        person = next(m for m in result[move.from_table] if m.participant_id == move.participant_id)
        result[move.from_table].remove(person)
        result[move.to_table].append(person)
    return result


def assert_never_worse(tables, suggestion):
    after = apply(tables, suggestion.moves)
    for t, members in tables.items():
        before_verdict, after_verdict = table_verdict(members), table_verdict(after[t])
        assert not is_worse(before_verdict, after_verdict), (t, before_verdict, after_verdict)
        assert after_verdict == suggestion.verdicts[t]
    assert suggestion.objective <= suggestion.before
    assert len({m.participant_id for m in suggestion.moves}) == len(suggestion.moves)


def test_a_swap_between_two_lacking_tables_fixes_both():
    tables = {"A": table(LY, AMK, CITY), "B": table(FIRM, FIRM2, NGO, start=4)}
    suggestion = suggest_moves(tables)
    assert suggestion.before == (0, 2, 0, 7, 0)
    assert suggestion.objective == (0, 0, 2, 2, 2)
    assert [v.state for v in suggestion.verdicts.values()] == ["warn", "warn"]
    assert {(m.from_table, m.to_table) for m in suggestion.moves} == {("A", "B"), ("B", "A")}
    assert suggestion.invite == {"A": ("civil_society",), "B": ("municipality", "public_authority")}
    assert_never_worse(tables, suggestion)


def test_no_moves_are_suggested_when_every_table_is_ok():
    tables = {1: table(LY, FIRM, CITY, NGO), 2: table(AMK, DEV, REGION, NGO2, start=5)}
    suggestion = suggest_moves(tables)
    assert suggestion.moves == () and suggestion.invite == {}


def test_no_tables_get_no_moves():
    suggestion = suggest_moves({})
    assert suggestion.moves == () and suggestion.verdicts == {} and suggestion.before == (0,) * 5


def test_a_single_lacking_table_gets_types_to_invite_instead_of_moves():
    suggestion = suggest_moves({"A": table(LY, AMK, CITY)})
    assert suggestion.moves == ()
    assert suggestion.invite == {"A": ("company", "development", "civil_society")}


def test_the_fewest_moves_are_chosen_among_equally_good_groupings():
    tables = {"A": table(LY, CITY, NGO, AMK), "B": table(FIRM, FIRM2, OY, REGION, NGO2, start=5)}
    suggestion = suggest_moves(tables)
    assert suggestion.moves == (Move(5, "B", "A"),)
    assert suggestion.objective == (0, 0, 0, 0, 1)


def test_a_table_needing_people_is_filled_only_when_it_becomes_ok():
    full = table(FIRM, FIRM2, LY, CITY, NGO, NGO2)
    short = table(AMK, REGION, start=7)
    suggestion = suggest_moves({"full": full, "short": short})
    assert [v.state for v in suggestion.verdicts.values()] == ["ok", "ok"]
    assert len(suggestion.moves) == 2
    assert_never_worse({"full": full, "short": short}, suggestion)
    # here a third person would leave the short table warned, which is a new flag
    suggestion = suggest_moves({"full": table(FIRM, FIRM2, LY, CITY, NGO), "short": short[:1]})
    assert suggestion.moves == ()


def test_nobody_is_moved_to_an_empty_table_or_beyond_a_tables_capacity():
    tables = {"A": table(LY, AMK, CITY), "B": table(FIRM, FIRM2, NGO, start=4), "C": []}
    suggestion = suggest_moves(tables)
    assert suggestion.moves and all(m.to_table != "C" for m in suggestion.moves)
    tables = {"A": table(LY, CITY, NGO), "B": table(FIRM, FIRM2, REGION, NGO2, OY, start=4)}
    assert suggest_moves(tables).moves == (Move(4, "B", "A"),)
    # A is full: a swap would leave it warned about a missing helix, a new flag
    suggestion = suggest_moves(tables, capacities={"A": 3})
    assert suggestion.moves == ()
    assert suggestion.invite == {"A": ("company", "development")}
    tables["A"] = table(LY, CITY, NGO, NGO2)
    suggestion = suggest_moves(tables, capacities={"A": 4})
    assert [(m.from_table, m.to_table) for m in suggestion.moves] == [("A", "B"), ("B", "A")]
    assert suggestion.verdicts["A"].state == "ok" and suggestion.verdicts["A"].members == 4
    assert_never_worse(tables, suggestion)


def test_no_moves_are_made_when_none_are_allowed():
    tables = {"A": table(LY, AMK, CITY), "B": table(FIRM, FIRM2, NGO, start=4)}
    assert suggest_moves(tables, max_moves=0).moves == ()
    assert suggest_moves(tables, max_moves=1).moves == ()  # one move alone would hurt B or A


def test_the_large_path_finds_a_swap_among_many_tables():
    tables = {f"T{t}": table(LY, FIRM, CITY, NGO, start=10 * t) for t in range(1, 9)}
    tables["A"] = table(LY, AMK, CITY, start=100)
    tables["B"] = table(FIRM, FIRM2, NGO, start=200)
    assert comb(38, 3) * 9**3 > EXHAUSTIVE_LIMIT  # so suggest_moves searches locally
    suggestion = suggest_moves(tables)
    assert suggestion.before == (0, 2, 0, 7, 0)
    assert suggestion.objective == (0, 0, 2, 2, 2)  # A and B lack the one civic, public voice
    assert suggestion == local_search_moves(tables)
    assert_never_worse(tables, suggestion)


# --- properties -----------------------------------------------------------------------------

ORGS = [LY, AMK, CITY, REGION, FIRM, FIRM2, DEV, NGO, NGO2, ("x", "other"), (None, "company")]
ORGS += [(None, None), ("mystery oy", "spaceport")]


@st.composite
def groupings(draw, max_people, max_tables, min_people=0):
    """Draw tables of members with unique participant ids."""
    count = draw(st.integers(2, max_tables))
    orgs = draw(st.lists(st.sampled_from(ORGS), min_size=min_people, max_size=max_people))
    seats = draw(st.lists(st.integers(0, count - 1), min_size=len(orgs), max_size=len(orgs)))
    tables = {f"T{t}": [] for t in range(count)}
    for pid, ((key, org_type), seat) in enumerate(zip(orgs, seats, strict=True)):
        tables[f"T{seat}"].append(Member(pid, key, org_type))
    return tables


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(ORGS), max_size=10), st.data())
def test_verdicts_do_not_depend_on_member_order(orgs, data):
    members = table(*orgs)
    shuffled = data.draw(st.permutations(members))
    assert table_verdict(shuffled) == table_verdict(members)
    rules = only(min_members=2, warn_on_missing_helix=False)
    assert table_verdict(shuffled, rules) == table_verdict(members, rules)


@settings(max_examples=80, deadline=None)
@given(groupings(max_people=8, max_tables=4, min_people=5), st.integers(0, 3))
def test_suggested_moves_never_make_a_table_worse(tables, max_moves):
    suggestion = suggest_moves(tables, max_moves=max_moves)
    assert len(suggestion.moves) <= max_moves
    assert_never_worse(tables, suggestion)
    event(f"{len(suggestion.moves)} moves")


@settings(max_examples=80, deadline=None)
@given(groupings(max_people=8, max_tables=4, min_people=3), st.integers(1, 3))
def test_suggestions_on_small_tables_match_the_exhaustive_search(tables, max_moves):
    best = exhaustive_moves(tables, max_moves=max_moves)
    assert suggest_moves(tables, max_moves=max_moves).objective == best.objective
    assert local_search_moves(tables, max_moves=max_moves).objective == best.objective
    assert_never_worse(tables, best)
    event(f"{len(best.moves)} moves")


@settings(max_examples=40, deadline=None)
@given(groupings(max_people=7, max_tables=3), st.integers(1, 3))
def test_an_unbounded_beam_is_the_exhaustive_search(tables, max_moves):
    best = exhaustive_moves(tables, max_moves=max_moves).objective
    assert local_search_moves(tables, max_moves=max_moves, beam_width=None).objective == best


@settings(max_examples=25, deadline=None)
@given(groupings(max_people=30, max_tables=6, min_people=12), st.integers(1, 3))
def test_the_local_search_for_large_tables_never_makes_a_table_worse(tables, max_moves):
    suggestion = local_search_moves(tables, max_moves=max_moves, beam_width=8)
    assert len(suggestion.moves) <= max_moves
    assert_never_worse(tables, suggestion)
    event(f"{len(suggestion.moves)} moves")
