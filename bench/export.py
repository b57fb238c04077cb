"""Benchmark: exporting a 1,000-idea workshop in every format, and importing it back.

Builds a workshop (10 priorities × 5 tables, 300 participants, 1,000 ideas whose text is
in their CRDT logs, a third of them compacted into snapshots; title, need, goals and
actions made of sentences of the labelled overlap set) and 1,000 mapped projects in a
fresh SQLite file, then times `collect` (reading every idea's document from its log, and
each idea's related projects and overlapping drafts: workshop/export/overlaps.py), the
overlaps alone (1,000 ideas × 1,000 projects and × 1,000 ideas, one matrix product each),
each format's render, and the JSON import. Prints the figures; asserts nothing.

    .venv/bin/python bench/export.py [--ideas 1000] [--people 300] [--projects 1000] [--runs 3]
"""

import argparse
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=1000)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from common import ORGANISATIONS as organisations
    from common import seeded_workshop
    from overview import draft_fields, project_text, sentences
    from pycrdt import Text

    from workshop.collab.document import new_document
    from workshop.collab.store import Author, LogEntry, append_batch, compact
    from workshop.export import FORMATS, collect, render
    from workshop.export.importer import import_workshop
    from workshop.export.overlaps import add_overlaps
    from workshop.extensions import db
    from workshop.ideas import Actor, create_idea
    from workshop.models import Facilitator, MappedProject, Workshop

    rnd = random.Random(7)
    pool = sentences()
    app, owner_id, workshop_id = seeded_workshop("export", 10, args.people, rnd)
    with app.app_context():
        owner = db.session.get(Facilitator, owner_id)
        workshop = db.session.get(Workshop, workshop_id)
        tables = workshop.tables
        db.session.flush()
        started = time.perf_counter()
        for n in range(args.ideas):
            idea = create_idea(
                db.session, Actor("facilitator", owner.id), tables[n % len(tables)], f"Aihio {n}"
            )
            draft = draft_fields(rnd, pool)
            doc = new_document({"title": f"Aihio {n}: {draft['title']}"})
            before = doc.get_state()
            texts = {
                "need": draft["need"] + " šžčđŋŧ." * rnd.randrange(1, 4),
                "goals": draft["goals"],
                "actions": draft["actions"],
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
        for n in range(args.projects):
            title, description = project_text(rnd, pool, n)
            db.session.add(
                MappedProject(
                    strategy="default",
                    title=title,
                    description=description,
                    organisation=rnd.choice(organisations),
                    period="2025–2027",
                )
            )
        db.session.commit()
        print(
            f"built {args.ideas} ideas and {args.projects} mapped projects "
            f"in {time.perf_counter() - started:.1f} s"
        )

        collect_s = []
        for _ in range(args.runs):
            db.session.expire_all()
            t0 = time.perf_counter()
            data = collect(db.session, workshop_id)
            collect_s.append(time.perf_counter() - t0)
        print(
            f"  {'collect':8s} median {statistics.median(collect_s) * 1000:8.0f} ms   "
            f"first {collect_s[0] * 1000:.0f} ms (the project index is learnt once per process)"
        )
        overlaps_s = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            add_overlaps(db.session, workshop, data.ideas, {})
            overlaps_s.append(time.perf_counter() - t0)
        listed = sum(len(i.related_projects) for i in data.ideas)
        drafts = sum(len(i.related_ideas) for i in data.ideas)
        print(
            f"  {'overlaps':8s} median {statistics.median(overlaps_s) * 1000:8.0f} ms   "
            f"(of collect; {len(data.ideas)} ideas × {args.projects} projects: "
            f"{listed} related projects and {drafts} overlapping drafts listed)"
        )
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
