"""The app factory and configuration from the environment."""

import sqlalchemy as sa

from config import Config, TestConfig
from workshop import create_app
from workshop.extensions import db


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = Config(tmp_path).SECRET_KEY
    second = Config(tmp_path).SECRET_KEY
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first != Config(tmp_path / "other").SECRET_KEY


def test_secret_key_from_the_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert Config(tmp_path).SECRET_KEY == "from-env"
    assert not (tmp_path / "secret_key").exists()


def test_database_defaults_to_a_sqlite_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert f"sqlite:///{tmp_path / 'aihio.sqlite3'}" == Config(tmp_path).SQLALCHEMY_DATABASE_URI


def test_postgres_urls_get_the_psycopg_driver(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert Config(tmp_path).SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert Config(tmp_path).SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@h/db"


def test_eventlet_is_the_default_async_mode(tmp_path, monkeypatch):
    monkeypatch.delenv("AIHIO_ASYNC_MODE", raising=False)
    assert Config(tmp_path).ASYNC_MODE == "eventlet"


def test_factory_builds_independent_apps(database_template, tmp_path):
    from conftest import fresh_database_url

    url = fresh_database_url(database_template, tmp_path)
    one = create_app(TestConfig(tmp_path / "a", url))
    two = create_app(TestConfig(tmp_path / "b", url))
    assert one is not two
    assert {"participant", "facilitator", "api", "i18n"} <= set(one.blueprints)
    with one.app_context():
        assert sa.inspect(db.engine).has_table("participant")
        db.engine.dispose()


def test_sqlite_is_durable_wal_with_full_sync(app):
    if db.engine.dialect.name != "sqlite":
        return  # the PostgreSQL run checks nothing SQLite-specific here
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
