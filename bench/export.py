"""Benchmark: exporting a 1,000-idea workshop in every format, and importing it back.

Builds a workshop (10 priorities × 5 tables, 300 participants, 1,000 ideas whose text is
in their CRDT logs, a third of them compacted into snapshots) in a fresh SQLite file, then
times `collect` (reading every idea's document from its log) and each format's render, and
the JSON import. Prints the figures; asserts nothing.

    .venv/bin/python bench/export.py [--ideas 1000] [--people 300] [--runs 3]
"""

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=1000)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from pycrdt import Text

    from config import TestConfig
    from workshop import create_app
    from workshop.accounts import facilitator_by_email, set_facilitator_password
    from workshop.collab.document import new_document
    from workshop.collab.store import Author, LogEntry, append_batch, compact
    from workshop.export import FORMATS, collect, render
    from workshop.export.importer import import_workshop
    from workshop.extensions import db
    from workshop.ideas import Actor, create_idea
    from workshop.joining import JoinRequest, join
    from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS
    from workshop.workshops import (
        add_priority,
        create_workshop,
        set_joining,
        validate_priority,
        validate_workshop,
    )

    root = Path(tempfile.mkdtemp(prefix="aihio-bench-export-"))
    app = create_app(TestConfig(root / "instance", f"sqlite:///{root / 'bench.sqlite3'}"))
    rnd = random.Random(7)
    organisations = [f"Organisaatio {n}" for n in range(80)]
    with app.app_context():
        upgrade()
        set_facilitator_password(db.session, "bench@aihio.example", "bench-password")
        owner = facilitator_by_email(db.session, "bench@aihio.example")
        workshop = create_workshop(db.session, owner, validate_workshop({"title": "Bench"}))
        for n in range(10):
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
                    organisations[n % len(organisations)],
                    rnd.choice(DEFAULT_ORG_TYPE_KEYS),
                    True,
                ),
            )
            participant.table = tables[n % len(tables)]
        db.session.flush()
        started = time.perf_counter()
        for n in range(args.ideas):
            idea = create_idea(
                db.session, Actor("facilitator", owner.id), tables[n % len(tables)], f"Aihio {n}"
            )
            doc = new_document({"title": f"Aihio {n}"})
            before = doc.get_state()
            texts = {
                "need": "Tarve ja ympäristö, šžčđŋŧ. " * rnd.randrange(1, 20),
                "actions": "\n".join(f"Toimenpide {k}" for k in range(rnd.randrange(1, 6))),
                "lead": rnd.choice(organisations) + "n",
                "partners": "\n".join(rnd.sample(organisations, 3) + ["Tuntematon ry"]),
                "schedule": "2026–2028",
                "funding": "EAKR",
            }
            for key, text in texts.items():
                doc.get(key, type=Text).insert(0, text)
            entries = [
                LogEntry(idea.id, doc.get_update(before), Author(facilitator_id=owner.id), 0)
            ]
            append_batch(db.session, entries)
            if n % 3 == 0:
                compact(db.session, idea.id)
        db.session.commit()
        print(f"built {args.ideas} ideas in {time.perf_counter() - started:.1f} s ({root})")
        workshop_id = workshop.id

        collect_s = []
        for _ in range(args.runs):
            db.session.expire_all()
            t0 = time.perf_counter()
            data = collect(db.session, workshop_id)
            collect_s.append(time.perf_counter() - t0)
        print(f"  {'collect':8s} median {statistics.median(collect_s) * 1000:8.0f} ms")
        json_body = b""
        for name in FORMATS:
            times, size = [], 0
            for _ in range(args.runs):
                t0 = time.perf_counter()
                body = render(data, name, "fi").body
                times.append(time.perf_counter() - t0)
                size = len(body)
            if name == "json":
                json_body = body
            print(
                f"  {name:8s} median {statistics.median(times) * 1000:8.0f} ms   "
                f"collect+render {(statistics.median(collect_s) + statistics.median(times)) * 1000:6.0f} ms"
                f"   {size / 1024:8.0f} KB"
            )
        t0 = time.perf_counter()
        imported = import_workshop(db.session, owner, json_body)
        db.session.commit()
        print(
            f"  {'import':8s}        {(time.perf_counter() - t0) * 1000:8.0f} ms   "
            f"(workshop {imported.id}, one transaction)"
        )


if __name__ == "__main__":
    main()
