"""Benchmark: the facilitator's overview of a big workshop, built and rendered server-side,
and the clusters of overlapping drafts in it.

Builds a workshop of 50 tables (10 priorities × 5), 300 participants and 200 ideas in a
fresh SQLite file, the ideas' title, need, goals and actions made of sentences of the
labelled overlap set (tests/data/overlap_pairs.csv), so that some drafts overlap as real
ones do. Then times, over `--runs` builds each:

- `load_overview` (the data, with diversity verdicts and the clusters) while the drafts
  stand still (the clusters come from the cache), and the full HTML render of the tables;
- a build right after one draft changed, clusters recomputed each time in the workshop's
  kept TF-IDF space (the live overview does this at most once per
  `overlap_clusters.INTERVAL` seconds);
- learning the space again (at most once per `overlap_clusters.REFIT_AFTER` s while the
  drafts change, sooner while their text grows fast) and clustering in it;
- with `--projects N` (default 1,000) mapped projects: a recompute in the project index.

Prints percentiles and the CPU share the clusters take while people type; asserts nothing.

    .venv/bin/python bench/overview.py [--tables 50] [--ideas 200] [--people 300] [--runs 50]
                                       [--projects 1000]
"""

import argparse
import csv
import random
import re
import statistics
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "overlap_pairs.csv"


def sentences() -> list[str]:
    """Sentences of the labelled set's drafts and project descriptions (Finnish, English)."""
    with DATA.open(encoding="utf-8") as data:
        rows = list(csv.DictReader(data))
    found = []
    for row in rows:
        for text in (row["draft"], row["project_description"]):
            found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    return list(dict.fromkeys(found))


def draft_fields(rnd: random.Random, pool: list[str]) -> dict[str, str]:
    """A draft of 5–11 sentences: a title, need, goals and actions (about 600 characters)."""
    picked = rnd.sample(pool, rnd.randrange(5, 12))
    return {
        "title": picked[0].rstrip(".")[:80],
        "need": " ".join(picked[1:3]),
        "goals": " ".join(picked[3:5]),
        "actions": "\n".join(picked[5:]),
    }


def project_text(rnd: random.Random, pool: list[str], n: int) -> tuple[str, str]:
    picked = rnd.sample(pool, rnd.randrange(2, 6))
    return f"{picked[0].rstrip('.')[:60]} {n}", " ".join(picked[1:])


def line(name: str, values: list[float]) -> str:
    from common import percentile

    return (
        f"  {name:44s} p50 {statistics.median(values):7.1f} ms   "
        f"p95 {percentile(values, 95):7.1f} ms   max {max(values):7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=50)
    parser.add_argument("--ideas", type=int, default=200)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()

    from common import seeded_workshop
    from flask import render_template

    from workshop import overlap, overlap_clusters
    from workshop.extensions import db
    from workshop.models import Idea, MappedProject, Workshop
    from workshop.overview import load_overview
    from workshop.realtime.diversity_view import verdict_for

    rnd = random.Random(7)
    pool = sentences()
    app, _owner_id, workshop_id = seeded_workshop(
        "overview", max(1, args.tables // 5), args.people, rnd
    )
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        tables = workshop.tables
        for n in range(args.ideas):
            table = tables[n % len(tables)]
            fields = draft_fields(rnd, pool)
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

    def build(cache=None, spaces=None):
        return load_overview(db.session, workshop, verdict_for(workshop), None, cache, spaces)

    data_ms, render_ms, hit_ms, changed_ms, refit_ms, mapped_ms = [], [], [], [], [], []
    with app.test_request_context("/"):
        workshop = db.session.get(Workshop, workshop_id)
        ideas = list(db.session.scalars(db.select(Idea).where(Idea.workshop_id == workshop_id)))
        chars = sum(len(overlap.draft_text(i.fields)) for i in ideas)

        # 1. The drafts stand still: the clusters come from the cache.
        cache, spaces = overlap_clusters.ClusterCache(), overlap_clusters.SpaceCache()
        overview = build(cache, spaces)
        for _ in range(args.runs):
            db.session.expire_all()
            started = time.perf_counter()
            overview = build(cache, spaces)
            built = time.perf_counter()
            html = render_template("overview/_tables.html", overview=overview)
            html += render_template("overview/_summary.html", overview=overview)
            done = time.perf_counter()
            data_ms.append((built - started) * 1000)
            render_ms.append((done - started) * 1000)
        clusters = overview["clusters"]
        drafts = [
            overlap_clusters.Draft(i.id, i.table_id, overlap.draft_text(i.fields, i.title))
            for i in ideas
        ]
        for _ in range(args.runs):
            started = time.perf_counter()
            overlap_clusters.workshop_clusters(db.session, workshop, drafts, cache, spaces)
            hit_ms.append((time.perf_counter() - started) * 1000)

        # 2. One draft changed before each build; clusters recomputed every time (no
        #    interval) in the kept space (the clock stands still: no refit).
        frozen = overlap_clusters.SpaceCache(clock=lambda: 0.0)
        always = overlap_clusters.ClusterCache(interval=0.0)
        build(always, frozen)
        for run in range(args.runs):
            idea = ideas[run % len(ideas)]
            idea.fields = {**idea.fields, "goals": idea.fields["goals"] + f" Lisäys {run}."}
            db.session.commit()
            db.session.expire_all()
            started = time.perf_counter()
            build(always, frozen)
            changed_ms.append((time.perf_counter() - started) * 1000)
        assert always.computed == args.runs + 1 and frozen.fitted == 1

        # 3. The space learnt again, then the clusters in it.
        for _ in range(max(3, args.runs // 5)):
            db.session.expire_all()
            started = time.perf_counter()
            build(overlap_clusters.ClusterCache(), overlap_clusters.SpaceCache())
            refit_ms.append((time.perf_counter() - started) * 1000)

        # 4. With mapped projects: the weights come from the project index (built once).
        index_ms = None
        if args.projects:
            for n in range(args.projects):
                title, description = project_text(rnd, pool, n)
                db.session.add(
                    MappedProject(strategy="default", title=title, description=description)
                )
            db.session.commit()
            db.session.expire_all()
            started = time.perf_counter()
            build(overlap_clusters.ClusterCache(), overlap_clusters.SpaceCache())
            index_ms = (time.perf_counter() - started) * 1000
            kept = overlap_clusters.SpaceCache()
            always = overlap_clusters.ClusterCache(interval=0.0)
            build(always, kept)
            for run in range(args.runs):
                idea = ideas[run % len(ideas)]
                idea.fields = {**idea.fields, "need": idea.fields["need"] + f" Tarve {run}."}
                db.session.commit()
                db.session.expire_all()
                started = time.perf_counter()
                build(always, kept)
                mapped_ms.append((time.perf_counter() - started) * 1000)

    print(
        f"overview of {len(overview['priorities'])} priorities, {overview['summary']['tables']} tables, "
        f"{overview['summary']['ideas']} ideas ({chars / len(ideas):.0f} characters compared on average), "
        f"{overview['summary']['participants']} participants; {args.runs} runs; "
        f"{len(clusters)} clusters of {sum(len(c['ideas']) for c in clusters)} drafts"
    )
    print(line("data (load_overview), drafts unchanged", data_ms))
    print(line("data + HTML render, drafts unchanged", render_ms))
    print(line("of which clusters from the cache", hit_ms))
    print(line("data, one draft changed, clusters recomputed", changed_ms))
    print(line("data, space learnt again + clusters", refit_ms))
    if mapped_ms:
        print(
            f"  with {args.projects} mapped projects: first build {index_ms:.0f} ms "
            "(project index learnt; once per process and project set)"
        )
        print(line("data, one draft changed, project weights", mapped_ms))
    print(f"  HTML size {len(html) / 1024:.0f} KB")
    base = statistics.median(data_ms)
    extra = statistics.median(changed_ms) - base
    refit = statistics.median(refit_ms) - base
    share = extra / 1000 / overlap_clusters.INTERVAL + refit / 1000 / overlap_clusters.REFIT_AFTER
    print(
        f"  while people type: clusters recomputed at most every {overlap_clusters.INTERVAL:.0f} s "
        f"(+{extra:.0f} ms each), space learnt again at most every "
        f"{overlap_clusters.REFIT_AFTER:.0f} s (+{refit:.0f} ms): about {share * 100:.1f} % of one core"
    )


if __name__ == "__main__":
    main()
