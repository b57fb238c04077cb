"""What the benchmarks share: an app on a fresh SQLite file with a seeded workshop."""

import random
import tempfile
from pathlib import Path

ORGANISATIONS = [f"Organisaatio {n}" for n in range(80)]


def seeded_workshop(name: str, priorities: int, people: int, rnd: random.Random):
    """Return (app, owner id, workshop id): `priorities` × 5 tables, `people` seated
    round-robin, in a fresh SQLite file. The caller works inside `app.app_context()`."""
    from flask_migrate import upgrade

    from config import TestConfig
    from workshop import create_app
    from workshop.accounts import facilitator_by_email, set_facilitator_password
    from workshop.extensions import db
    from workshop.joining import JoinRequest, join
    from workshop.orgtypes import DEFAULT_ORG_TYPE_KEYS
    from workshop.workshops import (
        add_priority,
        create_workshop,
        set_joining,
        validate_priority,
        validate_workshop,
    )

    root = Path(tempfile.mkdtemp(prefix=f"aihio-bench-{name}-"))
    app = create_app(TestConfig(root / "instance", f"sqlite:///{root / 'bench.sqlite3'}"))
    with app.app_context():
        upgrade()
        set_facilitator_password(db.session, "bench@aihio.example", "bench-password")
        owner = facilitator_by_email(db.session, "bench@aihio.example")
        workshop = create_workshop(db.session, owner, validate_workshop({"title": "Bench"}))
        for n in range(priorities):
            add_priority(workshop, validate_priority({"name": f"Painopiste {n + 1}", "tables": 5}))
        set_joining(workshop, True)
        db.session.flush()
        tables = workshop.tables
        for n in range(people):
            participant, _ = join(
                db.session,
                workshop,
                JoinRequest(
                    f"Osallistuja {n}",
                    ORGANISATIONS[n % len(ORGANISATIONS)],
                    rnd.choice(DEFAULT_ORG_TYPE_KEYS),
                    True,
                ),
            )
            participant.table = tables[n % len(tables)]
        db.session.commit()
        return app, owner.id, workshop.id


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (nearest rank) of the values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]
