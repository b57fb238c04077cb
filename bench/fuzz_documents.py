"""Long fuzz of the idea-document path in memory (no database), for volume: real and hostile
updates (tests/crdt_fuzz.py) applied one by one as the collab service does, the accepted ones
loaded back as a log, compacted into a verified snapshot, and read as an export reads them.

    .venv/bin/python bench/fuzz_documents.py --seconds 600

Prints the counts; a document that fails to load is counted and its series saved to
fuzz-failures/ for a regression test.
"""

import argparse
import pickle
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from crdt_fuzz import FIELDS, MUTATIONS, editing_session, mutate, nested_session  # noqa: E402
from pycrdt import Doc  # noqa: E402

from workshop.collab.document import (  # noqa: E402
    EXITS,
    MalformedUpdate,
    apply_checked,
    covered_by,
    crdt_call,
    encoded,
    load_tolerant,
    read_fields,
)

KEYS = ["title", "goals", *FIELDS[1:]]


def series(rnd: random.Random, counts: Counter) -> list[bytes] | None:
    """Run one series; return it if a document failed to load."""
    real = editing_session(rnd, rnd.randint(3, 15)) + nested_session(rnd)
    live, log = Doc(), []
    sent = []
    for _ in range(rnd.randint(10, 60)):
        if rnd.random() < 0.5:
            update = rnd.choice(real)
        else:
            kind = rnd.choice(MUTATIONS)
            update = mutate(rnd, kind, rnd.choice(real), rnd.choice(real))
        sent.append(update)
        counts["updates"] += 1
        try:
            applied = apply_checked(live, update, KEYS)
        except MalformedUpdate as error:
            counts["refused_invalid"] += 1
            if "PanicException" in str(error):
                counts["pycrdt_panics_caught"] += 1
            if "RoomDamaged" in type(error).__name__:
                live = load_tolerant(log).doc  # the room is rebuilt from the log
            continue
        counts["acknowledged"] += 1
        if applied.changed or applied.pending:
            log.append(update)
    try:
        loaded = load_tolerant(log)
        counts["quarantined_rows"] += len(loaded.rejected)
        if not loaded.rejected and read_fields(loaded.doc, KEYS) != read_fields(live, KEYS):
            # Forged updates reusing another update's struct ids: pycrdt integrates
            # whichever it meets first, and its order can differ between two loads.
            counts["reload_differs_from_live"] += 1
        snapshot = encoded(loaded.doc)
        state = crdt_call(loaded.doc.get_state)
        pending = [u for u in log if not covered_by(u, state)]
        again = load_tolerant([snapshot, *pending])
        # store.compact's check: the same encoding, state and field texts, or keep the log.
        if again.rejected or encoded(again.doc) != snapshot:
            counts["compactions_kept_the_log"] += 1
        elif read_fields(again.doc, KEYS) != read_fields(loaded.doc, KEYS):
            counts["compactions_kept_the_log_texts_differ"] += 1
        else:
            counts["compactions"] += 1
        read_fields(loaded.doc, KEYS)  # what an export reads
    except EXITS:
        raise
    except BaseException:  # noqa: BLE001
        counts["unloadable_documents"] += 1
        return sent
    counts["series"] += 1
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rnd, counts = random.Random(args.seed), Counter()
    failures = Path("fuzz-failures")
    started = time.monotonic()
    while time.monotonic() - started < args.seconds:
        failed = series(rnd, counts)
        if failed is not None:
            failures.mkdir(exist_ok=True)
            (failures / f"series-{counts['updates']}.pickle").write_bytes(pickle.dumps(failed))
    counts["seconds"] = round(time.monotonic() - started)
    for key in sorted(counts):
        print(f"{key:28} {counts[key]}")


if __name__ == "__main__":
    main()
