"""Latency of overlap hints: one draft against 1,000 mapped projects and 40 other drafts.

Run: .venv/bin/python bench/overlap.py [--projects 1000] [--drafts 200]
Prints p50/p95 per draft (target ≤ 100 ms) after the project index is built once, then the
same for one live hint computation (`hints.related_to`: the projects and drafts loaded from
a SQLite database, scored, table names added), the unit that workshop/realtime/hints.py
throttles to one per idea per AIHIO_HINT_EVERY seconds.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop import overlap  # noqa: E402

WORDS = [
    "arktinen",
    "testaus",
    "kylmätestausympäristö",
    "ajoneuvot",
    "matkailu",
    "ympärivuotinen",
    "kestävä",
    "biotalous",
    "metsä",
    "sivuvirrat",
    "puurakentaminen",
    "kaivos",
    "kaivosvedet",
    "akkumineraalit",
    "energia",
    "tuulivoima",
    "vety",
    "lämpöpumput",
    "poronhoito",
    "paliskunta",
    "poronliha",
    "digitalisaatio",
    "tekoäly",
    "valokuitu",
    "datakeskus",
    "hukkalämpö",
    "koulutus",
    "osaajat",
    "etäopetus",
    "yritykset",
    "kunnat",
    "Lappi",
    "testing",
    "tourism",
    "mining",
    "energy",
    "reindeer",
    "education",
    "digital",
    "cold",
    "climate",
    "drones",
    "berries",
]


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--drafts", type=int, default=200)
    parser.add_argument("--others", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    projects = [(i, text(rng, 8) + "\n" + text(rng, 50)) for i in range(args.projects)]
    others = [(i, text(rng, 40)) for i in range(args.others)]
    indexes = overlap.IndexCache()  # as the app's live state keeps it (workshop/live.py)
    started = time.perf_counter()
    overlap.related(text(rng, 40), projects, others, cache=indexes)
    print(
        f"index of {args.projects} projects built in {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    timings = []
    for _ in range(args.drafts):
        draft = text(rng, 60)
        started = time.perf_counter()
        overlap.related(draft, projects, others, cache=indexes)
        timings.append((time.perf_counter() - started) * 1000)
    report("per draft", timings)
    report("hint computation (with the database)", hint_timings(args, rng, projects, others))


def report(what: str, timings: list[float]) -> None:
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{what}: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms"
    )


def hint_timings(args, rng: random.Random, projects, others) -> list[float]:
    """Time `hints.related_to` for `args.drafts` drafts: the same projects and other drafts,
    stored as mapped projects and ideas of a seeded workshop."""
    from bench.common import seeded_workshop
    from workshop import hints
    from workshop.extensions import db
    from workshop.live import live_state
    from workshop.models import Idea, MappedProject, Workshop

    app, _owner, workshop_id = seeded_workshop("overlap", 2, 0, rng)
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        table = workshop.tables[0]
        for _id, text_ in projects:
            title, _, description = text_.partition("\n")
            db.session.add(MappedProject(title=title, description=description, organisation="O"))
        ideas = [
            Idea(
                workshop_id=workshop_id,
                priority_id=table.priority_id,
                table_id=table.id,
                title="",
                fields={"need": text_},
            )
            for _id, text_ in [*others, (0, "")]
        ]
        db.session.add_all(ideas)
        db.session.commit()
        draft = ideas[-1]
        spaces = live_state(app).spaces  # the app's cached TF-IDF spaces, as live hints use
        hints.related_to(db.session, draft, spaces=spaces)  # learn the space once
        timings = []
        with db.session.no_autoflush:
            for _ in range(args.drafts):
                draft.fields = {"need": text(rng, 60)}
                started = time.perf_counter()
                hints.related_to(db.session, draft, spaces=spaces)
                timings.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return timings


if __name__ == "__main__":
    main()
