"""Benchmark: the facilitator's overview of a big workshop, built and rendered server-side.

Builds a workshop of 50 tables (10 priorities × 5), 300 participants and 200 ideas in a
fresh SQLite file, then times `load_overview` (the data, with diversity verdicts) and the
full HTML render of the overview page's tables. Prints percentiles; asserts nothing.

    .venv/bin/python bench/overview.py [--tables 50] [--ideas 200] [--people 300] [--runs 50]
"""

import argparse
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--ideas", type=int, default=200)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    from common import percentile, seeded_workshop
    from flask import render_template

    from workshop.extensions import db
    from workshop.models import Idea, Workshop
    from workshop.overview import load_overview
    from workshop.realtime.diversity_view import verdict_for

    rnd = random.Random(7)
    app, _owner_id, workshop_id = seeded_workshop(
        "overview", max(1, args.tables // 5), args.people, rnd
    )
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        tables = workshop.tables
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

    data_ms, render_ms = [], []
    with app.test_request_context("/"):
        workshop = db.session.get(Workshop, workshop_id)
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
