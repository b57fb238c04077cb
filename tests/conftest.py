"""Fixtures: an app on a real, migrated database per test, its client and CLI runner.

The suite runs on SQLite files by default; with TEST_DATABASE_URL set (CI does it for
PostgreSQL) the same tests run against that server, tables emptied between tests.
"""

import os
import shutil

import engineio
import pytest
import socketio
import sqlalchemy as sa
from flask.testing import FlaskClient

from config import TestConfig
from workshop import create_app
from workshop.extensions import db, limiter

pytest_plugins = ["live", "i18n_compile"]


class OrderedEngineIOClient(engineio.Client):
    """python-engineio's client handles each message in a thread of its own, so under load a
    binary event's attachment can overtake its header and python-socketio fails to decode
    it (ValueError b'\\x01'). The tests' clients handle messages in arrival order, as a
    browser does."""

    def _trigger_event(self, event, *args, **kwargs):
        if event == "message":
            kwargs["run_async"] = False
        return super()._trigger_event(event, *args, **kwargs)


socketio.Client._engineio_client_class = lambda self: OrderedEngineIOClient

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
FACILITATOR_EMAIL = "fasilitaattori@example.fi"
FACILITATOR_PASSWORD = "oikea-hevonen-patteri"


def _upgrade(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
        db.engine.dispose()


def _postgres_url() -> str:
    return TestConfig(instance_path="/tmp", database_url=TEST_DATABASE_URL).SQLALCHEMY_DATABASE_URI


@pytest.fixture(scope="session")
def database_template(tmp_path_factory):
    """Migrate a database once per session: a SQLite file to copy, or the PostgreSQL one."""
    root = tmp_path_factory.mktemp("template")
    if TEST_DATABASE_URL:
        url = _postgres_url()
        engine = sa.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE"))
            connection.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        _upgrade(create_app(TestConfig(root / "instance", url)))
        return url
    path = root / "template.sqlite3"
    _upgrade(create_app(TestConfig(root / "instance", f"sqlite:///{path}")))
    return path


def fresh_database_url(database_template, tmp_path) -> str:
    """Return the URL of an empty, migrated database for one test."""
    if TEST_DATABASE_URL:
        engine = sa.create_engine(database_template)
        with engine.begin() as connection:
            names = [t.name for t in db.metadata.sorted_tables]
            connection.execute(sa.text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
        engine.dispose()
        return database_template
    path = tmp_path / "aihio.sqlite3"
    shutil.copyfile(database_template, path)
    return f"sqlite:///{path}"


class FreshContextClient(FlaskClient):
    """A test client whose every request runs in its own app context, as in production.

    The `app` fixture keeps an app context open so tests can use `db.session`; without
    this, requests would share that context's `g` (cached locale, login) and session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(database_template, tmp_path):
    """Return an app bound to a fresh migrated database, CSRF protection on."""
    config = TestConfig(tmp_path / "instance", fresh_database_url(database_template, tmp_path))
    app = create_app(config)
    app.test_client_class = FreshContextClient
    limiter.reset()
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def facilitator(app):
    """Return a facilitator account with a known password."""
    from workshop.accounts import facilitator_by_email, set_facilitator_password

    set_facilitator_password(db.session, FACILITATOR_EMAIL, FACILITATOR_PASSWORD)
    db.session.commit()
    return facilitator_by_email(db.session, FACILITATOR_EMAIL)


@pytest.fixture
def demo(app):
    """Return the demo workshop (open for joining, 4 priorities × 2 tables)."""
    from workshop.demo import ensure_demo

    result = ensure_demo(db.session)
    db.session.commit()
    return result.workshop


def pytest_collection_modifyitems(config, items):
    """Several server processes share one database only on PostgreSQL: without
    TEST_DATABASE_URL the multi-process tests are deselected (not run, not counted as
    passed or skipped); CI's PostgreSQL run has them, with its redis-server."""
    if TEST_DATABASE_URL:
        return
    dropped = [item for item in items if item.get_closest_marker("multiprocess")]
    if dropped:
        items[:] = [item for item in items if not item.get_closest_marker("multiprocess")]
        config.hook.pytest_deselected(items=dropped)
