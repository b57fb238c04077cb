"""Migration 0008: the free `settings.strategy` key of existing workshops becomes Strategy
rows, with the workshops, their priorities (by name) and owners linked."""

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from tests.conftest import TEST_DATABASE_URL, fresh_database_url
from workshop import create_app
from workshop.extensions import db


def test_existing_workshops_move_into_strategy_rows(database_template, tmp_path):
    url = fresh_database_url(database_template, tmp_path)
    app = create_app(TestConfig(tmp_path / "instance", url))
    with app.app_context():
        if TEST_DATABASE_URL:  # the template is at head: start from an empty schema
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            db.engine.dispose()
            (tmp_path / "aihio.sqlite3").unlink()
        upgrade(revision="0007_facilitator_login")
        now = datetime.now(UTC)
        with db.engine.begin() as c:
            c.execute(
                sa.text(
                    "INSERT INTO facilitator (id, email, password_hash, created_at)"
                    " VALUES (1, 'a@x.fi', 'h', :t), (2, 'b@x.fi', 'h', :t)"
                ),
                {"t": now},
            )
            for wid, owner, settings in [
                (1, 1, {"strategy": "lappi"}),
                (2, 2, {"strategy": "lappi"}),
                (3, 1, {}),
            ]:
                c.execute(
                    sa.text(
                        "INSERT INTO workshop (id, owner_id, title, place, language, join_code,"
                        " state, joining_open, settings, agenda, voting, created_at) VALUES"
                        " (:id, :owner, :title, '', 'fi', :code, 'closed', false, :settings,"
                        " '{}', '{}', :t)"
                    ),
                    {
                        "id": wid,
                        "owner": owner,
                        "title": f"W{wid}",
                        "code": f"CODE{wid}AAA",
                        "settings": json.dumps(settings),
                        "t": now,
                    },
                )
            for pid, wid, name in [(1, 1, "Matkailu"), (2, 2, " matkailu"), (3, 2, "Energia")]:
                c.execute(
                    sa.text(
                        "INSERT INTO priority (id, workshop_id, name, description, position)"
                        " VALUES (:p, :w, :n, '', 1)"
                    ),
                    {"p": pid, "w": wid, "n": name},
                )
            c.execute(
                sa.text(
                    "INSERT INTO mapped_project (strategy, title, description, organisation,"
                    " priority, period, funding, status, link, source_file, created_at)"
                    " VALUES ('kartoitus', 'P', '', '', '', '', '', '', '', '', :t)"
                ),
                {"t": now},
            )
        upgrade()
        with db.engine.connect() as c:
            strategies = dict(c.execute(sa.text("SELECT key, id FROM strategy")).all())
            links = dict(c.execute(sa.text("SELECT id, strategy_id FROM workshop")).all())
            members = set(
                c.execute(
                    sa.text("SELECT strategy_id, facilitator_id, role FROM strategy_member")
                ).all()
            )
            priorities = dict(
                c.execute(sa.text("SELECT id, strategy_priority_id FROM priority")).all()
            )
            names = c.execute(
                sa.text("SELECT strategy_id, name FROM strategy_priority ORDER BY id")
            ).all()
        db.engine.dispose()
    assert set(strategies) == {"lappi", "default", "kartoitus"}
    assert links == {1: strategies["lappi"], 2: strategies["lappi"], 3: strategies["default"]}
    assert members == {
        (strategies["lappi"], 1, "facilitator"),
        (strategies["lappi"], 2, "facilitator"),
        (strategies["default"], 1, "facilitator"),
    }
    assert priorities[1] == priorities[2] != priorities[3]  # the same name, one priority
    assert names == [(strategies["lappi"], "Matkailu"), (strategies["lappi"], "Energia")]
