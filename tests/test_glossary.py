"""The Finnish–English glossary that lets drafts and projects in different languages meet."""

import pytest

from workshop import glossary, overlap


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kylmätestausympäristö ajoneuvoille", "fi"),
        ("Poronlihan jalostus", "fi"),  # no ä or ö, no common word: Finnish by default
        ("Energiayhteisöt kyliin ja kuntien kiinteistöt", "fi"),
        ("Cold climate testing for drones in Lapland", "en"),
        ("Heat pumps and energy renovation of the school", "en"),
    ],
)
def test_language_of_a_text(text, expected):
    assert glossary.language(text) == expected


def test_finnish_compounds_yield_each_part_and_inflections_match():
    assert glossary.concepts("Kylmätestausympäristöt") == ["cold", "test", "environment"]
    assert glossary.concepts("kaivosvesien puhdistus") == ["mine", "water", "treatment"]
    assert glossary.concepts("Poronlihan jalostus") == ["reindeer", "meat", "processing"]


def test_english_two_word_terms_win_over_their_first_word():
    assert glossary.concepts("heat pumps for villages", "en") == ["heat_pump", "village"]
    assert glossary.concepts("mental health of young people", "en") == [
        "mental_health",
        "young_people",
    ]


def test_whole_word_stems_do_not_match_longer_words():
    # "mine$" is a whole word: "mineral" is a mineral, not a mine.
    assert glossary.concepts("mineral exploration", "en") == ["mineral", "exploration"]
    assert glossary.concepts("the mine", "en") == ["mine"]


def test_text_without_glossary_terms_names_nothing():
    assert glossary.concepts("") == []
    assert glossary.concepts("lorem ipsum dolor", "en") == []


def test_an_english_draft_finds_its_finnish_project_and_not_an_unrelated_one():
    projects = [
        (1, "Kaivosvesien puhdistus\nKaivosten jätevesien puhdistus ja vedenlaadun seuranta."),
        (2, "Revontulimatkailu kylissä\nMatkailutuotteita pienille kylille."),
    ]
    draft = "Mine water treatment and continuous water quality monitoring downstream of mines."
    matches = overlap.related(draft, projects)
    assert [m.id for m in matches] == [1]


def test_same_language_pairs_are_still_scored_by_character_ngrams():
    # No glossary term is shared, but the words are: n-grams find it.
    projects = [(1, "Lorem ipsum dolor sit amet"), (2, "Kaivosvedet")]
    matches = overlap.related("Lorem ipsum dolor sit", projects, threshold=0.3)
    assert [m.id for m in matches] == [1]
