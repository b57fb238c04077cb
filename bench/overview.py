"""Benchmark: the facilitator's overview of a big workshop, built and rendered server-side.

Builds a workshop of 50 tables (10 priorities × 5), 300 participants and 200 ideas in a
fresh SQLite file, then times `load_overview` (the data, with diversity verdicts) and the
full HTML render of the overview page's tables. Prints percentiles; asserts nothing.

    .venv/bin/python bench/overview.py [--tables 50] [--ideas 200] [--people 300] [--runs 50]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--ideas", type=int, default=200)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    from flask import render_template
    from flask_migrate import upgrade

    from config import TestConfig
    from workshop import create_app
    from workshop.accounts import facilitator_by_email, set_facilitator_password
    from workshop.extensions import db
    from workshop.joining import JoinRequest, join
    from workshop.models import Idea
    from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS
    from workshop.overview import load_overview
    from workshop.realtime.diversity_view import verdict_for
    from workshop.workshops import (
        add_priority,
        create_workshop,
        set_joining,
        validate_priority,
        validate_workshop,
    )

    root = Path(tempfile.mkdtemp(prefix="aihio-bench-overview-"))
    app = create_app(TestConfig(root / "instance", f"sqlite:///{root / 'bench.sqlite3'}"))
    rnd = random.Random(7)
    with app.app_context():
        upgrade()
        set_facilitator_password(db.session, "bench@aihio.example", "bench-password")
        owner = facilitator_by_email(db.session, "bench@aihio.example")
        workshop = create_workshop(db.session, owner, validate_workshop({"title": "Bench"}))
        priorities = max(1, args.tables // 5)
        for n in range(priorities):
            add_priority(workshop, validate_priority({"name": f"Painopiste {n + 1}", "tables": 5}))
        set_joining(workshop, True)
        db.session.flush()
        tables = workshop.tables
        for n in range(args.people):
            participant, _ = join(
                db.session,
                workshop,
                JoinRequest(
                    f"Osallistuja {n}",
                    f"Organisaatio {rnd.randrange(80)}",
                    rnd.choice(DEFAULT_ORG_TYPE_KEYS),
                    True,
                ),
            )
            participant.table = tables[n % len(tables)]
        for n in range(args.ideas):
            table = tables[n % len(tables)]
            fields = {
                "title": f"Hankeaihio {n}",
                "need": "Tarve " * rnd.randrange(0, 30),
                "goals": "Tavoite " * rnd.randrange(0, 20),
            }
            db.session.add(
                Idea(
                    workshop_id=workshop.id,
                    priority_id=table.priority_id,
                    table_id=table.id,
                    title=fields["title"],
                    fields=fields,
                )
            )
        db.session.commit()
        workshop_id = workshop.id

    data_ms, render_ms = [], []
    with app.test_request_context("/"):
        workshop = db.session.get(type(workshop), workshop_id)
        for _ in range(args.runs):
            db.session.expire_all()
            started = time.perf_counter()
            overview = load_overview(db.session, workshop, verdict_for(workshop))
            built = time.perf_counter()
            html = render_template("overview/_tables.html", overview=overview)
            html += render_template("overview/_summary.html", overview=overview)
            done = time.perf_counter()
            data_ms.append((built - started) * 1000)
            render_ms.append((done - started) * 1000)
    print(
        f"overview of {len(overview['priorities'])} priorities, {overview['summary']['tables']} tables, "
        f"{overview['summary']['ideas']} ideas, {overview['summary']['participants']} participants; {args.runs} runs"
    )
    for name, values in (("data (load_overview)", data_ms), ("data + HTML render", render_ms)):
        print(
            f"  {name:22s} p50 {statistics.median(values):6.1f} ms   p95 {percentile(values, 95):6.1f} ms   max {max(values):6.1f} ms"
        )
    print(f"  HTML size {len(html) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
