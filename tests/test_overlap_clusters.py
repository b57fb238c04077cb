"""Clusters of overlapping drafts across tables, and every draft's overlaps at once
(workshop/overlap_clusters.py): Finnish (inflected, compounds) and English drafts, tables,
dismissed pairs, empty drafts, the same scores as `overlap.related`, and the caches that
keep the live overview cheap."""

import csv
from pathlib import Path

import pytest

from workshop import overlap
from workshop.overlap_clusters import (
    REFIT_AFTER,
    REFIT_GROWN_AFTER,
    SETTLED_SECONDS,
    Cluster,
    ClusterCache,
    Draft,
    DraftSpace,
    SpaceCache,
    clusters,
    pair,
    related_all,
    space,
)

DATA = Path(__file__).resolve().parent / "data" / "overlap_pairs.csv"
# Inflected Finnish: "kylmätestausympäristö" (a compound, singular) and "testausympäristöt
# kylmissä olosuhteissa" (plural, inessive) share no word but many character n-grams.
COLD_A = (
    "Kylmätestausympäristö ajoneuvoille\n"
    "Pienet yritykset eivät pääse testiradoille. Rakennetaan yhteinen "
    "kylmätestausympäristö pk-yrityksille."
)
COLD_B = (
    "Testausympäristöt kylmissä olosuhteissa\n"
    "Avataan pienille yrityksille yhteisiä testausympäristöjä, joissa ajoneuvoja testataan "
    "kylmissä olosuhteissa Lapin testiradoilla."
)
REINDEER_A = (
    "Poronlihan suoramyynti ravintoloille\n"
    "Poronhoitajat myyvät poronlihaa suoraan Lapin ravintoloille ja matkailuyrityksille."
)
REINDEER_B = (
    "Poronlihan suoramyynnin verkkokauppa\n"
    "Poronlihaa myydään suoraan ravintoloille verkkokaupan kautta."
)
SCHOOL = "Etälukio syrjäkylien nuorille\nLukio-opetusta etäyhteyksin pitkien matkojen takana."
DRONES_A = (
    "Cold climate testing for drones\n"
    "Drone makers need to test batteries and sensors at -30 °C; we build a test field "
    "for unmanned aircraft in Lapland."
)
DRONES_B = (
    "Drone test field for cold climate testing\n"
    "A test field in Lapland where drone makers test the batteries and sensors of their "
    "unmanned aircraft at -30 °C."
)
PROJECT_COLD = (
    "Testausympäristöt kylmissä olosuhteissa\n"
    "Rakennetaan pk-yrityksille avoimia testausympäristöjä, joissa ajoneuvoja ja laitteita "
    "testataan kylmissä ja lumisissa olosuhteissa."
)
MUSEUM = "Museum audio guides\nAudio guides in Sámi for the regional museum's exhibitions."


def ids(found: list[Cluster]) -> list[tuple[int, ...]]:
    return [c.ideas for c in found]


def labelled_project_texts() -> list[str]:
    """The distinct mapped-project texts of the labelled set (docs/overlap.md)."""
    with DATA.open(encoding="utf-8") as data:
        rows = list(csv.DictReader(data))
    texts = (overlap.project_text(r["project_title"], r["project_description"]) for r in rows)
    return list(dict.fromkeys(texts))


def related_score(a: str, b: str, texts: list[str]) -> float:
    """The score `overlap.related` gives b as another draft of a, with every draft at hand."""
    others = [(n, t) for n, t in enumerate(texts) if t != a]
    scores = {m.id: m.score for m in overlap.related(a, [], others, threshold=0.0, limit=99)}
    return scores[texts.index(b)]


# -- clusters -------------------------------------------------------------------------------


def test_inflected_finnish_drafts_at_two_tables_form_one_cluster():
    drafts = [
        Draft(1, 10, COLD_A),
        Draft(2, 20, COLD_B),
        Draft(3, 30, REINDEER_A),
        Draft(4, 40, SCHOOL),
    ]
    found = clusters(drafts)
    assert ids(found) == [(1, 2)]
    assert found[0].score >= overlap.THRESHOLD


def test_english_drafts_cluster_and_unrelated_ones_do_not():
    drafts = [Draft(7, 1, DRONES_A), Draft(8, 2, MUSEUM), Draft(9, 3, DRONES_B)]
    assert ids(clusters(drafts)) == [(7, 9)]


def test_two_topics_make_two_clusters_strongest_first_with_their_pairs_score():
    texts = [COLD_A, REINDEER_A, COLD_B, REINDEER_B, SCHOOL]
    drafts = [Draft(n + 1, 100 + n, text) for n, text in enumerate(texts)]
    found = clusters(drafts)
    assert sorted(ids(found)) == [(1, 3), (2, 4)]
    assert found[0].score >= found[1].score
    by_ideas = {c.ideas: c.score for c in found}
    # the same score overlap.related gives the pair, when it learns from the same drafts
    assert by_ideas[(1, 3)] == pytest.approx(related_score(COLD_A, COLD_B, texts), abs=1e-4)
    assert by_ideas[(2, 4)] == pytest.approx(related_score(REINDEER_A, REINDEER_B, texts), abs=1e-4)


def test_drafts_at_the_same_table_are_no_cluster():
    drafts = [Draft(1, 10, COLD_A), Draft(2, 10, COLD_B), Draft(3, 20, SCHOOL)]
    assert clusters(drafts) == []


def test_a_cluster_joins_drafts_linked_through_others_and_spans_tables():
    # 1 and 2 sit together and differ; 3 at another table resembles both: one cluster.
    both = f"{COLD_A}\n{REINDEER_A}"
    drafts = [Draft(1, 10, COLD_A), Draft(2, 10, REINDEER_A), Draft(3, 20, both)]
    (cluster,) = clusters(drafts)
    assert cluster.ideas == (1, 2, 3)


def test_a_chain_of_drafts_is_not_one_cluster_of_unrelated_ends():
    """Cold testing ~ cold testing + reindeer ~ reindeer + school ~ school + lights ~ lights:
    each draft resembles its neighbours, the ends nothing alike. Connected components would
    make one cluster of all five; average linkage keeps the groups close."""
    lights = (
        "Revontulimatkailu kylissä\nRevontuliretket keskittyvät suuriin keskuksiin; "
        "kyläyhdistykset järjestävät revontuliretkiä pienissä kylissä."
    )
    chain = [COLD_A, f"{COLD_A}\n{REINDEER_A}", f"{REINDEER_A}\n{SCHOOL}", f"{SCHOOL}\n{lights}"]
    drafts = [Draft(n + 1, 10 * (n + 1), text) for n, text in enumerate([*chain, lights])]
    found = ids(clusters(drafts))
    assert found == [(4, 5), (1, 2, 3)]


def test_a_dismissed_pair_is_no_link_either_way():
    drafts = [Draft(1, 10, COLD_A), Draft(2, 20, COLD_B), Draft(3, 30, SCHOOL)]
    assert clusters(drafts, dismissed={pair(2, 1)}) == []
    assert clusters(drafts, dismissed={(1, 3)}) != []  # another pair's dismissal changes nothing


def test_empty_drafts_never_cluster():
    assert clusters([Draft(1, 10, ""), Draft(2, 20, "  \n ")]) == []
    assert clusters([Draft(1, 10, COLD_A), Draft(2, 20, ""), Draft(3, 30, "\n")]) == []
    assert clusters([]) == []
    # A draft that is not at any table is not on the overview's tables either.
    assert clusters([Draft(1, None, COLD_A), Draft(2, 20, COLD_B)]) == []


def test_drafts_with_no_ngram_at_all_do_not_break_it():
    assert clusters([Draft(1, 10, "a"), Draft(2, 20, "b")]) == []
    for texts in ([], ["", " "]):  # a workshop with no drafts, or with no text yet
        kept = DraftSpace(texts)
        assert kept.rows(texts) is None
        assert clusters([Draft(n, 10 * n, t) for n, t in enumerate(texts)], draft_space=kept) == []
        assert kept.stale([COLD_A], None)  # learnt as soon as there is text


def test_with_many_mapped_projects_the_project_weights_are_used():
    projects = labelled_project_texts()
    assert len(projects) >= overlap.MIN_BACKGROUND
    drafts = [Draft(1, 10, COLD_A), Draft(2, 20, COLD_B), Draft(3, 30, SCHOOL)]
    assert ids(clusters(drafts, project_texts=projects)) == [(1, 2)]
    assert DraftSpace([COLD_A], projects).shared


# -- the same scores as overlap.related ------------------------------------------------------


def test_score_matrix_equals_the_index_scores_row_by_row_in_both_languages():
    """Guards the matrix form against the one-draft form it mirrors (overlap.Index.scores):
    a change in how overlap scores texts must show here."""
    texts = [COLD_A, COLD_B, DRONES_A, DRONES_B, REINDEER_A, MUSEUM, SCHOOL]
    rows, _ = space(texts)
    index = overlap.Index(texts)
    matrix = overlap.score_matrix(rows, rows)
    for n, text in enumerate(texts):
        expected = index.scores(index.vectors(texts), index.vectors([text]))
        assert matrix[:, n] == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("projects_count", [3, 60])
def test_related_all_gives_each_draft_what_related_gives_it(projects_count):
    projects = [
        (101, PROJECT_COLD),
        (102, "Drone test field\nUnmanned aircraft tested in sub-zero conditions."),
        (103, "Poronlihan jalostus\nPoronlihan jatkojalostus ja suoramyynti."),
    ] + [(200 + n, f"Hanke {n}\nkaivosvedet matkailu {n * 7}") for n in range(projects_count - 3)]
    drafts = [
        Draft(1, 10, COLD_A),
        Draft(2, 20, COLD_B),
        Draft(3, 10, REINDEER_A),
        Draft(4, 30, DRONES_A),
        Draft(5, 40, ""),
        Draft(6, 20, REINDEER_B),
    ]
    table = {d.id: d.table_id for d in drafts}
    found = related_all(drafts, projects, limit=99)
    for draft in drafts:
        if not draft.text:
            assert found[draft.id].projects == [] and found[draft.id].ideas == []
            continue
        others = [(d.id, d.text) for d in drafts if d.id != draft.id]
        expected = overlap.related(draft.text, projects, others, limit=99)
        assert found[draft.id].projects == [m for m in expected if m.kind == "project"]
        assert found[draft.id].ideas == [
            m for m in expected if m.kind == "idea" and table[m.id] != draft.table_id
        ]
    assert [m.id for m in found[1].projects][:1] == [101]
    assert 2 in [m.id for m in found[1].ideas]
    assert 3 not in [m.id for m in found[1].ideas]  # 3 sits at the same table


def test_related_all_leaves_out_dismissed_pairs_and_respects_the_limit():
    projects = [
        (101, PROJECT_COLD),
        (102, "Kylmätestausympäristö pk-yrityksille\nYhteinen testirata ajoneuvoille Lappiin."),
    ]
    both = f"{COLD_A}\n{COLD_B}"
    drafts = [Draft(1, 10, both), Draft(2, 20, COLD_B), Draft(3, 30, both + " Inari")]
    plain = related_all(drafts, projects)
    assert {m.id for m in plain[1].projects} == {101, 102}
    assert {m.id for m in plain[1].ideas} == {2, 3}
    found = related_all(drafts, projects, dismissed_projects={(1, 102)}, dismissed_ideas={(1, 3)})
    assert [m.id for m in found[1].projects] == [101]
    assert [m.id for m in found[1].ideas] == [2]
    assert 1 not in [m.id for m in found[3].ideas]  # a dismissed pair of drafts holds both ways
    assert {m.id for m in found[3].projects} == {101, 102}  # other drafts keep theirs
    assert len(related_all(drafts, projects, limit=1)[1].projects) == 1


# -- caches ---------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_kept_space_scores_as_a_fresh_one_and_takes_new_text():
    drafts = [Draft(1, 10, COLD_A), Draft(2, 20, SCHOOL), Draft(3, 30, REINDEER_A)]
    kept = DraftSpace([d.text for d in drafts])
    assert clusters(drafts, draft_space=kept) == clusters(drafts) == []
    # Table 20 rewrites its draft: the kept space transforms only the new text.
    drafts[1] = Draft(2, 20, COLD_B)
    assert ids(clusters(drafts, draft_space=kept)) == [(1, 2)]


def test_a_space_is_learnt_again_only_when_old_or_grown():
    clock = Clock()
    texts = [COLD_A, SCHOOL]
    kept = DraftSpace(texts, background="b", clock=clock)
    assert not kept.stale(texts, "b")
    assert kept.stale(texts, "other projects")
    edited = [COLD_A + " Lisää.", SCHOOL]
    clock.now += REFIT_AFTER - 1
    assert not kept.stale(edited, "b")
    clock.now += 1
    assert kept.stale(edited, "b")
    assert not kept.stale(texts, "b")  # nothing changed since it was learnt
    grown = DraftSpace(["Otsikko", "Toinen"], background="b", clock=clock)
    clock.now += REFIT_GROWN_AFTER
    assert grown.stale([COLD_A, COLD_B, SCHOOL], "b")
    assert not grown.stale(["Otsikko!", "Toinen"], "b")


def test_a_draft_being_typed_is_compared_by_its_recent_text_a_new_one_at_once():
    clock = Clock()
    spaces = SpaceCache(clock=clock)
    assert spaces.settled(7, "") == ""
    # A first sentence counts at once (an empty text is never kept in its place).
    assert spaces.settled(7, COLD_A) == COLD_A
    # A few more letters: hints keep comparing the text of a moment ago (no new transform).
    assert spaces.settled(7, COLD_A + " Lisää") == COLD_A
    # A rewrite of another length counts at once.
    assert spaces.settled(7, COLD_B + " " + COLD_B) == COLD_B + " " + COLD_B
    # And after a while the latest letters too.
    clock.now += SETTLED_SECONDS
    assert spaces.settled(7, COLD_B + " " + COLD_B + "!") == COLD_B + " " + COLD_B + "!"
    assert spaces.settled(8, SCHOOL) == SCHOOL  # each draft on its own


def test_the_cache_recomputes_a_changed_workshop_at_most_once_per_interval():
    clock = Clock()
    cache = ClusterCache(interval=3.0, clock=clock)
    calls = []

    def compute(value):
        def run():
            calls.append(value)
            return value

        return run

    assert cache.get(1, b"k1", compute("v1")) == "v1"
    assert cache.get(1, b"k1", compute("again")) == "v1"  # drafts stand still: no work
    assert cache.retry_in(1) is None
    clock.now += 1
    assert cache.get(1, b"k2", compute("v2")) == "v1"  # changed, but computed 1 s ago
    assert cache.retry_in(1) == pytest.approx(2.0)
    clock.now += 2
    assert cache.get(1, b"k2", compute("v2")) == "v2"
    assert cache.retry_in(1) is None
    assert cache.get(2, b"k1", compute("w1")) == "w1"  # workshops are apart
    assert calls == ["v1", "v2", "w1"] and cache.computed == 3
