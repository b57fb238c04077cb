"""Fuzz the whole path of an idea's updates with real and hostile updates (Hypothesis
chooses the series): each update applied one by one through the collab service, compaction,
reload from the log, export. Each step is asserted: an update is acknowledged or refused as
`invalid` (never an escaping error), the idea always loads and reads as the live document
did (or is reported damaged), and every export format renders.

CI runs a bounded number of series; `AIHIO_FUZZ_EXAMPLES=20000` runs it long, and
`AIHIO_FUZZ_REPORT=path.json` writes the counts (docs/security.md has a long run's).
"""

import json
import os
import random
from collections import Counter

import sqlalchemy as sa
from crdt_fuzz import MUTATIONS, editing_session, mutate, nested_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_collab_store import KEYS, author_of, new_idea_at_first_table, service  # noqa: F401

from workshop.collab import store
from workshop.collab.document import MalformedUpdate, read_fields
from workshop.export.data import collect
from workshop.export.render import render
from workshop.extensions import db
from workshop.models import Idea

EXAMPLES = int(os.environ.get("AIHIO_FUZZ_EXAMPLES", "60"))
# Seeded updates added to each series after Hypothesis's steps (cheap volume for long runs).
EXTRA = int(os.environ.get("AIHIO_FUZZ_EXTRA", "10"))
COUNTS: Counter = Counter()

step = st.one_of(
    st.tuples(st.just("real"), st.integers(0, 10**6)),
    st.tuples(
        st.just("hostile"),
        st.sampled_from(MUTATIONS),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.integers(0, 2**32),
    ),
    st.tuples(st.just("compact")),
    st.tuples(st.just("reload")),
)


def _report() -> None:
    path = os.environ.get("AIHIO_FUZZ_REPORT")
    if path:
        with open(path, "w") as out:
            json.dump(dict(COUNTS), out, indent=1, sort_keys=True)


def _same_or_explained(loaded_text: dict, live: dict, damaged: bool, hostile: int) -> bool:
    """Whether a reloaded idea reads as the live one did. Two cases may differ: the idea is
    marked damaged, or hostile updates were acknowledged: a forged update can reuse the ids
    of structs another update holds, and pycrdt then integrates whichever it meets first, in
    an order that can differ from the live document's (counted, never a failed load)."""
    if damaged or loaded_text == live:
        return True
    COUNTS["reload_differs_after_forged_ids"] += 1
    return hostile > 0


def _compact_and_check(service, idea_id: int, app, hostile: int) -> None:
    live = service.text_of(idea_id, KEYS)
    with app.app_context():
        try:
            store.compact(db.session, idea_id, KEYS)
            db.session.commit()
            COUNTS["compactions"] += 1
        except store.SnapshotMismatch:
            db.session.rollback()
            COUNTS["compactions_kept_the_log"] += 1
        loaded = store.load_idea(db.session, idea_id, quarantine=False)
        assert _same_or_explained(read_fields(loaded.doc, KEYS), live, loaded.damaged, hostile)


def _reload_and_check(service, idea_id: int, hostile: int) -> None:
    live = service.text_of(idea_id, KEYS)
    service.drop(idea_id)
    try:
        reloaded = service.text_of(idea_id, KEYS)  # bad rows are set aside, the rest loads
    except BaseException:
        COUNTS["unloadable_documents"] += 1
        _report()
        raise
    damaged = store.quarantined_count(db.session, [idea_id]).get(idea_id, 0) > 0
    COUNTS["reloads"] += 1
    assert _same_or_explained(reloaded, live, damaged, hostile)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(0, 2**32), steps=st.lists(step, min_size=1, max_size=25))
def test_hostile_updates_never_make_an_idea_unloadable(service, demo, app, seed, steps):
    rnd = random.Random(seed)
    idea = new_idea_at_first_table(demo, "Fuzz")
    author = author_of(idea)
    real = editing_session(rnd, rnd.randint(3, 15)) + nested_session(rnd)
    COUNTS["series"] += 1
    extra = [
        ("real", rnd.randrange(10**6))
        if rnd.random() < 0.5
        else ("hostile", rnd.choice(MUTATIONS), *(rnd.randrange(10**6) for _ in range(3)))
        for _ in range(EXTRA)
    ]
    hostile = 0  # hostile updates acknowledged in this series
    for action in steps + extra:
        if action[0] in ("real", "hostile"):
            if action[0] == "real":
                update = real[action[1] % len(real)]
            else:
                kind, one, two, salt = action[1:]
                other = real[two % len(real)]
                update = mutate(random.Random(salt), kind, real[one % len(real)], other)
            COUNTS["updates"] += 1
            COUNTS[f"updates_{action[0]}"] += 1
            try:
                service.submit(idea.id, KEYS, update, author)
                COUNTS["acknowledged"] += 1
                hostile += action[0] == "hostile"
            except MalformedUpdate as error:
                COUNTS["refused_invalid"] += 1
                if "PanicException" in str(error):
                    COUNTS["pycrdt_panics_caught"] += 1
            service.sync(idea.id, KEYS, None)  # the room answers after every update
        elif action[0] == "compact":
            _compact_and_check(service, idea.id, app, hostile)
        else:
            _reload_and_check(service, idea.id, hostile)
    _compact_and_check(service, idea.id, app, hostile)
    _reload_and_check(service, idea.id, hostile)
    COUNTS["quarantined_rows"] += store.quarantined_count(db.session, [idea.id]).get(idea.id, 0)
    data = collect(db.session, idea.workshop_id, priority_id=idea.priority_id)
    assert idea.id in [i.id for i in data.ideas]
    for name in ("docx", "html", "xlsx", "csv", "json", "md"):
        assert render(data, name, "fi").body
    COUNTS["exports"] += 1
    service.drop(idea.id)
    db.session.execute(sa.delete(Idea).where(Idea.id == idea.id))
    db.session.commit()
    _report()
