"""Quality of the overlap hints on the labelled pairs in tests/data/overlap_pairs.csv.

Floors sit a little below the measured numbers (docs/overlap.md), so a change that makes
the hints worse fails here, and one that makes them better can raise the floors.
"""

import csv
from pathlib import Path

from workshop import overlap

PAIRS = Path(__file__).parent / "data" / "overlap_pairs.csv"


def load_pairs() -> list[dict]:
    with PAIRS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def predictions(pairs: list[dict]) -> list[tuple[dict, bool]]:
    """Return each pair with whether `related()` hints its project for its draft."""
    texts = sorted(
        {overlap.project_text(p["project_title"], p["project_description"]) for p in pairs}
    )
    projects = list(enumerate(texts))
    ids = {text: i for i, text in projects}
    out = []
    for pair in pairs:
        matches = overlap.related(pair["draft"], projects, limit=len(projects))
        wanted = ids[overlap.project_text(pair["project_title"], pair["project_description"])]
        out.append((pair, any(m.kind == "project" and m.id == wanted for m in matches)))
    return out


def precision_recall(results) -> tuple[float, float]:
    tp = sum(1 for p, hit in results if hit and p["label"] == "overlapping")
    fp = sum(1 for p, hit in results if hit and p["label"] != "overlapping")
    fn = sum(1 for p, hit in results if not hit and p["label"] == "overlapping")
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def test_the_labelled_set_is_large_balanced_and_bilingual():
    pairs = load_pairs()
    assert len(pairs) >= 60
    assert {p["label"] for p in pairs} == {"overlapping", "related", "unrelated"}
    assert {p["lang"] for p in pairs} == {"fi", "en"}


def test_overlap_hints_meet_the_precision_and_recall_floors():
    results = predictions(load_pairs())
    precision, recall = precision_recall(results)
    assert precision >= 0.80, precision  # measured 0.84
    assert recall >= 0.55, recall  # measured 0.58 (cross-language pairs are missed)


def test_same_language_overlaps_are_found():
    results = [(p, hit) for p, hit in predictions(load_pairs()) if p["lang"] == p["project_lang"]]
    precision, recall = precision_recall(results)
    assert precision >= 0.80, precision  # measured 0.84
    assert recall >= 0.90, recall  # measured 0.95


def test_finnish_inflected_compounds_match():
    background = [p["project_title"] + "\n" + p["project_description"] for p in load_pairs()]
    close = overlap.similarity(
        "kylmätestausympäristö", "testausympäristöt kylmissä olosuhteissa", background
    )
    far = overlap.similarity(
        "kylmätestausympäristö", "kylmävarastojen energiatehokkuus", background
    )
    assert close > far
