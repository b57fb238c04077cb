"""The overlap module's contract: texts compared, best first, threshold and limit."""

from workshop import overlap


def test_draft_text_is_title_need_goals_and_actions():
    fields = {"title": "T", "need": "N", "goals": "G", "actions": "A", "funding": "F"}
    assert overlap.draft_text(fields) == "T\nN\nG\nA"
    assert overlap.draft_text({}, title="Otsikko") == "Otsikko"


def test_related_ranks_best_first_and_respects_threshold_and_limit():
    projects = [
        (1, "Poronlihan jalostus ja suoramyynti ravintoloille"),
        (2, "Kylmätestausympäristöt ajoneuvoille kylmissä olosuhteissa"),
        (3, "Testausympäristö kylmään ilmastoon pk-yrityksille"),
    ]
    matches = overlap.related("Kylmätestausympäristö pk-yrityksille", projects, threshold=0.1)
    assert [m.id for m in matches][:2] in ([2, 3], [3, 2])
    assert 1 not in [m.id for m in matches]
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert len(overlap.related("Kylmätestaus", projects, threshold=0.0, limit=1)) == 1


def test_related_compares_other_drafts_too():
    matches = overlap.related(
        "Vihreän vedyn tuotanto Kemi-Torniossa",
        [],
        [(7, "Vedyn tuotanto Kemi-Tornion teollisuudelle"), (8, "Etälukio syrjäkyliin")],
        threshold=0.2,
    )
    assert [(m.kind, m.id) for m in matches] == [("idea", 7)]


def test_related_of_nothing_is_empty():
    assert overlap.related("", [(1, "x y z")]) == []
    assert overlap.related("jotain", []) == []
    assert overlap.related("a", [(1, "b")]) == []


def test_large_project_sets_are_indexed_once():
    projects = [(i, f"Hanke {i} kaivosvedet matkailu {i * 7}") for i in range(60)]
    cache = overlap.IndexCache()
    overlap.related("kaivosvedet", projects, cache=cache)
    assert [t for _, t in projects] in cache
    first = overlap.project_index([t for _, t in projects], cache)
    assert overlap.project_index([t for _, t in projects], cache) is first
