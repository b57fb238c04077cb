"""The `aihio` command line and `aihio serve`, through real subprocesses.

On SQLite by default; with TEST_DATABASE_URL each instance gets its own PostgreSQL database
(tests/live.py).
"""

import contextlib
import ctypes
import os
import socket
import threading

import pytest
import requests
import socketio
import sqlalchemy as sa

pytestmark = pytest.mark.server

PASSWORD = "kuusi-poroa-tunturissa"
SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture


@pytest.fixture
def http():
    """A requests session that never goes through a proxy (the server is on loopback)."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# -- aihio db upgrade, aihio demo -----------------------------------------------------------


def test_db_upgrade_creates_the_schema_on_a_fresh_instance(aihio_instance):
    refused = aihio_instance.cli("demo", "--json", check=False)
    assert refused.returncode != 0
    assert "aihio db upgrade" in refused.stderr

    result = aihio_instance.cli("db", "upgrade")
    assert "Running upgrade" in result.stdout + result.stderr

    engine = aihio_instance.database.engine()
    try:
        tables = set(sa.inspect(engine).get_table_names())
        with engine.connect() as connection:
            version = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
    finally:
        engine.dispose()
    assert {"workshop", "priority", "workshop_table", "participant", "facilitator"} <= tables
    assert version

    again = aihio_instance.cli("db", "upgrade")  # nothing to do, no error
    assert "Running upgrade" not in again.stdout + again.stderr
    assert (aihio_instance.instance_path / "secret_key").exists()  # no SECRET_KEY given


def test_demo_keeps_the_password_and_projector_link_across_runs_until_reset(aihio_instance):
    aihio_instance.cli("db", "upgrade")
    first = aihio_instance.demo_json("http://aihio.example:8080")
    second = aihio_instance.demo_json("http://aihio.example:8080")

    assert first["workshop_id"] == second["workshop_id"]
    assert first["join_code"] == second["join_code"]
    assert first["join_url"] == second["join_url"]
    assert first["join_url"] == f"http://aihio.example:8080/j/{first['join_code']}"
    assert first["facilitator_email"] == second["facilitator_email"]
    assert len(first["facilitator_password"]) >= 8
    # A restart (make run again) changes neither: the projector keeps working.
    assert second["facilitator_password"] == first["facilitator_password"]
    assert first["projector_url"].startswith("http://aihio.example:8080/p/")
    assert second["projector_url"] == first["projector_url"]
    kept = aihio_instance.instance_path / "demo-credentials.json"
    assert kept.stat().st_mode & 0o777 == 0o600

    text = aihio_instance.cli("demo", "--reset-password", "--base-url", "http://h:1").stdout
    assert first["join_code"] in text
    assert first["facilitator_email"] in text
    new_password = text.split("password:")[1].split()[0]
    assert len(new_password) >= 8 and new_password != first["facilitator_password"]
    new_projector = text.split("Projector:")[1].split()[0]
    assert "/p/" in new_projector
    assert new_projector.split("/p/")[1] != first["projector_url"].split("/p/")[1]
    third = aihio_instance.demo_json("http://h:1")
    assert third["facilitator_password"] == new_password
    assert third["projector_url"] == new_projector


def test_demo_without_a_public_url_gives_the_lan_address_says_so_and_prints_a_qr_code(
    aihio_instance,
):
    aihio_instance.cli("db", "upgrade")
    aihio_instance.env["AIHIO_LAN_ADDRESS"] = "192.168.44.5"
    result = aihio_instance.cli("demo", "--port", "5077")
    code = aihio_instance.demo_json()["join_code"]
    assert f"Join URL:     http://192.168.44.5:5077/j/{code}" in result.stdout
    assert "AIHIO_PUBLIC_URL is not set" in result.stderr
    assert "192.168.44.5" in result.stderr
    assert "127.0.0.1" not in result.stdout
    # The QR code: rows of block characters between the join URL and the projector link.
    qr = result.stdout.split("Join URL:")[1].split("Projector:")[0].splitlines()[1:]
    assert len(qr) >= 15 and all(set(row) <= set("█▀▄ ") for row in qr)


def test_demo_projector_link_opens_the_projector_view(live_server, http):
    url = live_server.demo.raw["projector_url"]
    assert url and url.startswith(live_server.base_url + "/p/")
    page = http.get(url)
    assert page.status_code == 200
    assert "Pöytä 1.1" in page.text
    assert http.get(url + "x").status_code == 404


def test_serve_logs_one_line_per_request_quiet_for_static_files_and_tokens(live_server, http):
    import re
    import time

    url = live_server.demo.raw["projector_url"]
    token = url.rsplit("/p/", 1)[1]
    assert http.get(live_server.url("/?from=qr"), timeout=10).status_code == 200
    assert http.get(url, timeout=10).status_code == 200
    assert http.get(live_server.url("/no/such/page"), timeout=10).status_code == 404
    assert http.get(live_server.url("/favicon.ico"), timeout=10).status_code == 200
    assert http.get(live_server.url("/static/css/app.css"), timeout=10).status_code == 200

    deadline = time.monotonic() + 10
    while "GET /no/such/page 404" not in live_server.log_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # the line is written once the response is closed
    log = live_server.log_text()
    assert re.search(r"^GET / 200 \d+ ms$", log, re.MULTILINE), log[-2000:]
    assert re.search(r"^GET /p/… 200 \d+ ms$", log, re.MULTILINE)
    assert re.search(r"^GET /no/such/page 404 \d+ ms$", log, re.MULTILINE)
    assert token not in log and "from=qr" not in log
    assert "/static/" not in log and "/assets/" not in log and "favicon" not in log


# -- aihio users create / token, against the live server ------------------------------------


def test_users_create_and_token_authenticate_the_rest_api(live_server, http):
    demo = live_server.demo
    url = live_server.url(f"/api/v1/workshops/{demo.workshop_id}")

    created = live_server.cli(
        "users", "create", "Kirsi.Koski@Example.fi", input=f"{PASSWORD}\n" * 2
    )
    assert "Created facilitator kirsi.koski@example.fi" in created.stdout
    other_token = live_server.cli("users", "token", "kirsi.koski@example.fi").stdout.strip()
    owner_token = live_server.cli("users", "token", demo.facilitator_email).stdout.strip()
    assert len(other_token) >= 32 and other_token != owner_token

    response = http.get(url, headers=bearer(owner_token), timeout=10)
    assert response.status_code == 200
    assert response.json()["join_code"] == demo.join_code
    assert len(response.json()["priorities"]) == 4

    forbidden = http.get(url, headers=bearer(other_token), timeout=10)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "forbidden"

    for headers in ({}, bearer("not-a-token"), {"Authorization": owner_token}):
        unauthorized = http.get(url, headers=headers, timeout=10)
        assert unauthorized.status_code == 401, headers
        assert unauthorized.json()["error"]["code"] == "unauthorized"

    # The other facilitator's own workshop is theirs to read.
    made = http.post(
        live_server.url("/api/v1/workshops"),
        json={"title": "Kirsin työpaja"},
        headers=bearer(other_token),
        timeout=10,
    )
    assert made.status_code == 201, made.text
    theirs = live_server.url(f"/api/v1/workshops/{made.json()['id']}")
    assert http.get(theirs, headers=bearer(other_token), timeout=10).status_code == 200
    assert http.get(theirs, headers=bearer(owner_token), timeout=10).status_code == 403

    # Running `users create` again changes the password; a second token works too.
    updated = live_server.cli(
        "users", "create", "kirsi.koski@example.fi", input="toinen-salasana\n" * 2
    )
    assert "Updated facilitator kirsi.koski@example.fi" in updated.stdout
    second_token = live_server.cli("users", "token", "kirsi.koski@example.fi").stdout.strip()
    assert http.get(theirs, headers=bearer(second_token), timeout=10).status_code == 200


def test_users_commands_refuse_bad_input(live_server):
    mismatch = live_server.cli(
        "users", "create", "a@example.fi", input="salasana-1\nsalasana-2\n", check=False
    )
    assert mismatch.returncode != 0
    short = live_server.cli("users", "create", "a@example.fi", input="lyhyt\nlyhyt\n", check=False)
    assert short.returncode != 0
    assert "at least 8 characters" in short.stderr
    unknown = live_server.cli("users", "token", "nobody@example.fi", check=False)
    assert unknown.returncode != 0
    assert "Create one first" in unknown.stderr
    assert unknown.stdout.strip() == ""


# -- aihio serve: HTTP, Socket.IO, TCP_NODELAY ----------------------------------------------


def test_serve_answers_pages_and_the_socketio_handshake(live_server, http):
    front = http.get(live_server.base_url, timeout=10)
    assert front.status_code == 200
    assert front.headers["Content-Type"].startswith("text/html")
    assert 'id="join_code"' in front.text

    join_page = http.get(live_server.demo.join_url, timeout=10)
    assert join_page.status_code == 200
    assert live_server.demo.join_url == live_server.url(f"/j/{live_server.demo.join_code}")

    handshake = http.get(live_server.url("/socket.io/?EIO=4&transport=polling"), timeout=10)
    assert handshake.status_code == 200
    assert handshake.text.startswith("0{")
    assert '"sid"' in handshake.text
    assert '"websocket"' in handshake.text  # the upgrade is offered


def participant_token(live_server, http, name="Pekka Participant") -> str:
    response = http.post(
        live_server.url("/api/v1/join"),
        json={
            "join_code": live_server.demo.join_code,
            "name": name,
            "organisation": "Rovaniemen kaupunki",
            "org_type": "municipality",
            "consent": True,
        },
        timeout=10,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["workshop"]["id"] == live_server.demo.workshop_id
    return body["token"]


@pytest.mark.parametrize("transports", [None, ["websocket"]], ids=["polling+upgrade", "websocket"])
def test_socketio_client_connects_with_a_participant_token(live_server, http, transports):
    token = participant_token(live_server, http)
    client = socketio.Client(reconnection=False)
    try:
        client.connect(
            live_server.base_url, auth={"token": token}, transports=transports, wait_timeout=10
        )
        assert client.connected
        assert client.get_sid()
    finally:
        client.disconnect()
    client.wait()  # the background threads end


@pytest.mark.parametrize("auth", [{"token": "bogus"}, None], ids=["bogus-token", "no-auth"])
def test_socketio_refuses_a_connection_without_identity(live_server, auth):
    client = socketio.Client(reconnection=False)
    reasons = []
    refused = threading.Event()

    @client.on("connect_error")
    def on_connect_error(data):
        reasons.append(data)
        refused.set()

    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.base_url, auth=auth, wait_timeout=10)
    assert refused.wait(5)
    assert not client.connected
    assert "unauthorized" in str(reasons[0])
    client.disconnect()


def _socket_inodes(pid: int, port: int) -> tuple[int | None, list[int]]:
    """Return the inode of the server's listening socket on `port`, and of its connections."""
    listening, accepted = None, []
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port != port:
                continue
            if fields[3] == "0A":  # LISTEN
                listening = int(fields[9])
            elif fields[3] == "01" and int(fields[9]):  # ESTABLISHED, held by a process
                accepted.append(int(fields[9]))
    return listening, accepted


def _fd_of_inode(pid: int, inode: int) -> int:
    for name in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{name}") == f"socket:[{inode}]":
                return int(name)
    raise AssertionError(f"no fd of process {pid} holds socket inode {inode}")


def _nodelay_of(pid: int, fd: int) -> int:
    """Read TCP_NODELAY of another process's socket through a pidfd_getfd duplicate."""
    libc = ctypes.CDLL(None, use_errno=True)
    pidfd = os.pidfd_open(pid)
    try:
        copy = libc.syscall(SYS_PIDFD_GETFD, pidfd, fd, 0)
        if copy < 0:
            errno = ctypes.get_errno()
            raise OSError(errno, f"pidfd_getfd: {os.strerror(errno)}")
    finally:
        os.close(pidfd)
    with socket.socket(fileno=copy) as dup:
        return dup.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_serve_sets_tcp_nodelay_on_the_listening_socket(live_server, http):
    pid, port = live_server.pid, live_server.port
    listening, _ = _socket_inodes(pid, port)
    assert listening, f"nothing listens on port {port}"
    assert _nodelay_of(pid, _fd_of_inode(pid, listening)) != 0

    # Connections accepted from it inherit the option: check a live Socket.IO one.
    token = participant_token(live_server, http, name="Nopea Yhteys")
    client = socketio.Client(reconnection=False)
    try:
        client.connect(
            live_server.base_url, auth={"token": token}, transports=["websocket"], wait_timeout=10
        )
        assert client.connected
        _, accepted = _socket_inodes(pid, port)
        assert accepted, "the server holds no established connection"
        for inode in accepted:  # sockets whose local port is the server's: accepted ones
            assert _nodelay_of(pid, _fd_of_inode(pid, inode)) != 0
    finally:
        client.disconnect()
    client.wait()
