"""Pytest plugin: the real Aihio server in a subprocess, and Debian's Chromium via Playwright.

Loaded from conftest.py (`pytest_plugins = ["live"]`). Fixtures:

- `live_server` (session): `aihio serve` (eventlet, as in production) on a free loopback
  port, on its own database: a SQLite file in a temporary instance folder, or, when
  TEST_DATABASE_URL is set, a PostgreSQL database `<name>_live` beside the test database (so
  the per-test truncation in conftest.py does not touch it). `aihio db upgrade` and
  `aihio demo --json` run first; `.demo` holds what the demo printed. `.restart()`,
  `.stop()`, `.kill()` (SIGKILL, for crash tests) and `.start()` act on the same database
  and port. A failing test that used a server gets the tail of the server's log.
- `make_live_server` (function): a factory for more servers, e.g. with other settings
  (`make_live_server(env={"AIHIO_JOIN_RATE_LIMIT": "2 per minute"})`), stopped after the test.
- `aihio_instance` (function): a fresh, empty instance (folder + database) with no server,
  to run CLI commands on through `.cli(...)`.
- `browser` (session), `new_context` (function, a factory) and `page` (function, a fresh
  context per test, 1366×768): Playwright's sync API on /usr/bin/chromium. If Chromium is
  missing the tests FAIL with how to install it: a skipped test must not pass for a tested one.
  A failing test's page is saved as a screenshot in test-artifacts/.

Tests that use these fixtures are marked `server` / `browser` automatically (markers declared
in pyproject.toml), so `pytest -m "not browser and not server"` runs the in-process tests only.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

BIN_DIR = Path(sys.executable).parent
AIHIO = BIN_DIR / "aihio"
CHROMIUM = os.environ.get("AIHIO_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 768}
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
STARTUP_TIMEOUT = 30.0
CLI_TIMEOUT = 120.0
# Settings of the test run's own environment that must not leak into a server under test.
SCRUBBED_ENV = ("SECRET_KEY", "DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL", "FLASK_APP")
# One loopback address runs all the tests' joins; keep the limits out of their way.
# A test of rate limiting starts its own server with make_live_server(env=...).
DEFAULT_SERVER_ENV = {
    "AIHIO_JOIN_RATE_LIMIT": "2000 per minute",
    "AIHIO_JOIN_FAIL_RATE_LIMIT": "500 per minute",
}

_names = itertools.count(1)
_no_proxy = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """Return a TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Database:
    """A throwaway database for a server or CLI process.

    SQLite: a file in `directory`. PostgreSQL (TEST_DATABASE_URL set): a database named
    `<test database>_<suffix>` on the same server, created here and dropped by `drop()`.
    """

    def __init__(self, directory: Path, suffix: str) -> None:
        self.suffix = suffix
        if TEST_DATABASE_URL:
            admin = sa.engine.make_url(_psycopg(TEST_DATABASE_URL))
            self._admin_url = admin
            self.name = f"{admin.database}_{suffix}"
            self.url = admin.set(database=self.name).render_as_string(hide_password=False)
        else:
            self._admin_url = None
            self.name = str(directory / "aihio.sqlite3")
            self.url = f"sqlite:///{self.name}"

    @property
    def is_postgresql(self) -> bool:
        return self._admin_url is not None

    def _execute(self, *statements: str) -> None:
        engine = sa.create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                for statement in statements:
                    connection.execute(sa.text(statement))
        finally:
            engine.dispose()

    def create(self) -> Database:
        if self.is_postgresql:
            name = _quote_ident(self.name)
            self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}")
        else:
            Path(self.name).parent.mkdir(parents=True, exist_ok=True)
        return self

    def drop(self) -> None:
        if self.is_postgresql:
            self._execute(f"DROP DATABASE IF EXISTS {_quote_ident(self.name)} WITH (FORCE)")

    def engine(self) -> sa.Engine:
        """Return an engine on this database (dispose it when done)."""
        return sa.create_engine(self.url)


def _psycopg(url: str) -> str:
    """Spell a PostgreSQL URL with SQLAlchemy's psycopg 3 driver, as config.py does."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass
class Demo:
    """What `aihio demo --json` printed the first time."""

    workshop_id: int
    join_code: str
    join_url: str
    facilitator_email: str
    facilitator_password: str | None
    raw: dict


class CliError(AssertionError):
    pass


class AihioInstance:
    """An instance folder and its database, with `aihio` commands run on them."""

    def __init__(self, root: Path, database: Database, env: dict[str, str] | None = None):
        self.root = Path(root)
        self.instance_path = self.root / "instance"
        self.instance_path.mkdir(parents=True, exist_ok=True)
        self.database = database
        self.env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        self.env = {
            k: v for k, v in self.env.items() if not k.startswith("AIHIO_") or k == "AIHIO_CHROMIUM"
        }
        self.env.update(DEFAULT_SERVER_ENV)
        self.env.update(
            AIHIO_INSTANCE=str(self.instance_path),
            DATABASE_URL=database.url,
            PYTHONUNBUFFERED="1",
        )
        self.env.update(env or {})

    def cli(
        self, *args: str, input: str | None = None, check: bool = True, timeout: float = CLI_TIMEOUT
    ) -> subprocess.CompletedProcess:
        """Run `aihio ARGS...` on this instance; raise CliError on a non-zero exit if `check`."""
        result = subprocess.run(
            [str(AIHIO), *args],
            env=self.env,
            cwd=self.root,
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise CliError(
                f"`aihio {' '.join(args)}` exited {result.returncode}\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        return result

    def demo_json(self, base_url: str | None = None) -> dict:
        """Run `aihio demo --json` and return the JSON object it printed."""
        args = ["demo", "--json"] + (["--base-url", base_url] if base_url else [])
        result = self.cli(*args)
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        assert lines, f"`aihio demo --json` printed no JSON:\n{result.stdout}\n{result.stderr}"
        return json.loads(lines[-1])


class LiveServer(AihioInstance):
    """`aihio serve` in a subprocess on 127.0.0.1:<port>, its output in `log_path`."""

    def __init__(self, root: Path, database: Database, env: dict[str, str] | None = None):
        super().__init__(root, database, env)
        self.port = free_port()
        self.host = "127.0.0.1"
        self.base_url = f"http://{self.host}:{self.port}"
        self.log_path = self.root / "server.log"
        self.process: subprocess.Popen | None = None
        self.serve_args: list[str] = []  # more `aihio serve` options, e.g. --workers 2
        self.starts = 0
        self.demo: Demo | None = None

    # -- set-up --------------------------------------------------------------------------

    def prepare(self) -> LiveServer:
        """Migrate the database and create the demo workshop, as `make run` does."""
        self.cli("db", "upgrade")
        info = self.demo_json(self.base_url)
        self.demo = Demo(
            workshop_id=info["workshop_id"],
            join_code=info["join_code"],
            join_url=info["join_url"],
            facilitator_email=info["facilitator_email"],
            facilitator_password=info.get("facilitator_password"),
            raw=info,
        )
        return self

    # -- the process ---------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = STARTUP_TIMEOUT) -> LiveServer:
        """Start `aihio serve` and wait until it answers HTTP."""
        assert not self.running, "the server is already running"
        self.starts += 1
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start {self.starts} on {self.base_url} =====\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [str(AIHIO), "serve", "--host", self.host, "--port", str(self.port)]
                + self.serve_args,
                env=self.env,
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            code = self.process.poll()
            if code is not None:
                raise RuntimeError(
                    f"`aihio serve` exited with {code} before answering.\n{self.log_tail()}"
                )
            try:
                with _no_proxy.open(self.base_url + "/", timeout=2):
                    return
            except urllib.error.HTTPError:
                return  # it answers; the status is the tests' business
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(
                    f"`aihio serve` did not answer on {self.base_url} within {timeout:.0f} s.\n"
                    f"{self.log_tail()}"
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop the server (SIGTERM, then SIGKILL); return its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return self.process.returncode

    def kill(self) -> int | None:
        """Kill the server at once (SIGKILL), as a crash would; return its exit code."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        return self.process.returncode

    def restart(self, crash: bool = False) -> LiveServer:
        """Stop (or, with crash=True, kill) the server and start it again on the same port."""
        if crash:
            self.kill()
        else:
            self.stop()
        return self.start()

    def close(self) -> None:
        self.stop()
        self.database.drop()

    # -- helpers -------------------------------------------------------------------------

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 80) -> str:
        tail = "\n".join(self.log_text().splitlines()[-lines:])
        return f"--- aihio serve log ({self.log_path}), last {lines} lines:\n{tail}"


_servers: list[LiveServer] = []


def start_live_server(root: Path, env: dict[str, str] | None = None) -> LiveServer:
    """Create a database, prepare the instance and start a server on it."""
    database = Database(root, f"live{next(_names)}" if _servers else "live").create()
    server = LiveServer(root, database, env)
    _servers.append(server)
    try:
        server.prepare().start()
    except BaseException:
        server.close()
        raise
    return server


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real `aihio serve` with the demo workshop, shared by the whole session."""
    server = start_live_server(tmp_path_factory.mktemp("live"))
    yield server
    server.close()


@pytest.fixture
def make_live_server(tmp_path_factory):
    """Return a factory of extra servers (own database and port), stopped after the test."""
    made: list[LiveServer] = []

    def make(env: dict[str, str] | None = None) -> LiveServer:
        server = start_live_server(tmp_path_factory.mktemp("live-extra"), env)
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


@pytest.fixture
def aihio_instance(tmp_path):
    """A fresh instance folder and an empty database (no schema), for CLI commands."""
    database = Database(tmp_path / "instance", f"cli{next(_names)}").create()
    instance = AihioInstance(tmp_path, database)
    yield instance
    database.drop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright's sync API."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}; the browser tests need Debian's chromium. "
            "Install it: `apt-get install -y chromium` (`make test` does it when run as root), "
            "or point AIHIO_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, timeout=60_000
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Return a factory of fresh browser contexts (own cookies), closed after the test."""
    contexts = []

    def make(**options):
        settings = {"viewport": VIEWPORT, "locale": "fi-FI"}
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()


@pytest.fixture
def page(new_context, request):
    """A page in a fresh context; saved to test-artifacts/ when the test fails."""
    page = new_context().new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


# -- hooks ---------------------------------------------------------------------------------

_SERVER_FIXTURES = {"live_server", "make_live_server"}
_BROWSER_FIXTURES = {"browser", "new_context", "page"}


def pytest_collection_modifyitems(items):
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _SERVER_FIXTURES and not item.get_closest_marker("server"):
            item.add_marker(pytest.mark.server)
        if names & _BROWSER_FIXTURES and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
    if report.failed and set(getattr(item, "fixturenames", ())) & _SERVER_FIXTURES:
        for server in _servers:
            if server.starts:
                report.sections.append((f"aihio server {server.base_url}", server.log_tail()))
