"""Quality of the overlap hints on the labelled pairs in tests/data/overlap_pairs.csv.

Floors sit a little below the measured numbers (docs/overlap.md), so a change that makes
the hints worse fails here, and one that makes them better can raise the floors.
"""

import csv
from pathlib import Path

from workshop import overlap

DATA = Path(__file__).parent / "data"
PAIRS = DATA / "overlap_pairs.csv"
# Written after the glossary, by an engineer who had not seen it: never tune on these.
HELD_OUT = DATA / "overlap_pairs_crosslang.csv"


def load_pairs(path: Path = PAIRS) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def predictions(pairs: list[dict]) -> list[tuple[dict, bool]]:
    """Return each pair with whether `related()` hints its project for its draft; the
    pairs' distinct projects are the mapped set."""
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
    assert precision >= 0.83, precision  # measured 0.87
    assert recall >= 0.90, recall  # measured 0.94


def test_same_language_overlaps_are_found():
    results = [(p, hit) for p, hit in predictions(load_pairs()) if p["lang"] == p["project_lang"]]
    precision, recall = precision_recall(results)
    assert precision >= 0.80, precision  # measured 0.84
    assert recall >= 0.90, recall  # measured 0.95


def test_cross_language_overlaps_are_found_through_the_glossary():
    results = [(p, hit) for p, hit in predictions(load_pairs()) if p["lang"] != p["project_lang"]]
    precision, recall = precision_recall(results)
    assert precision >= 0.85, precision  # measured 0.93
    assert recall >= 0.85, recall  # measured 0.93 (0.00 before the glossary)


def test_held_out_cross_language_pairs_meet_their_floors():
    pairs = load_pairs(HELD_OUT)
    assert len(pairs) >= 40
    assert all(p["lang"] != p["project_lang"] for p in pairs)
    precision, recall = precision_recall(predictions(pairs))
    assert precision >= 0.85, precision  # measured 0.89
    assert recall >= 0.70, recall  # measured 0.77


def test_finnish_inflected_compounds_match():
    background = [p["project_title"] + "\n" + p["project_description"] for p in load_pairs()]
    close = overlap.similarity(
        "kylmätestausympäristö", "testausympäristöt kylmissä olosuhteissa", background
    )
    far = overlap.similarity(
        "kylmätestausympäristö", "kylmävarastojen energiatehokkuus", background
    )
    assert close > far
