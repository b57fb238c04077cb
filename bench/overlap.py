"""Latency of overlap hints: one draft against 1,000 mapped projects and 40 other drafts.

Run: .venv/bin/python bench/overlap.py [--projects 1000] [--drafts 200]
Prints p50/p95 per draft (target ≤ 100 ms) after the project index is built once.
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
    started = time.perf_counter()
    overlap.related(text(rng, 40), projects, others)
    print(
        f"index of {args.projects} projects built in {(time.perf_counter() - started) * 1000:.0f} ms"
    )
    timings = []
    for _ in range(args.drafts):
        draft = text(rng, 60)
        started = time.perf_counter()
        overlap.related(draft, projects, others)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"per draft: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
