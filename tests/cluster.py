"""Several `aihio serve` processes on one PostgreSQL database and one Redis, for the
multi-process tests (tests/test_multiprocess.py): a redis-server of the test run, a
cluster of servers sharing an instance folder (one secret key, so a facilitator's session
is good on each), and a real nginx from Debian's packages in front of them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import redis
from live import Database, LiveServer, _no_proxy, free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class RedisServer:
    """TEST_REDIS_URL (CI starts one), else a redis-server of our own in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.process: subprocess.Popen | None = None
        self.url = os.environ.get("TEST_REDIS_URL")
        if self.url:
            return
        assert os.access(REDIS_SERVER, os.X_OK), (
            "redis-server is missing; the multi-process tests need Debian's redis-server "
            "(`apt-get install -y redis-server`; .ci/run does it)."
        )
        port = free_port()
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self.url = f"redis://127.0.0.1:{port}/0"
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def close(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)


class Cluster:
    """Servers of one deployment: one database, one Redis prefix, one instance folder."""

    def __init__(self, root: Path, redis_server: RedisServer) -> None:
        self.root = Path(root)
        self.redis = redis_server
        self.prefix = f"aihio-test-{uuid.uuid4().hex[:8]}"  # tests share the redis-server
        self.database = Database(self.root, "cluster").create()
        self.instance = self.root / "shared-instance"
        self.env = {
            "REDIS_URL": redis_server.url,
            "AIHIO_REDIS_PREFIX": self.prefix,
            "AIHIO_INSTANCE": str(self.instance),
        }
        self.servers: list[LiveServer] = []
        self.demo = None

    def server(self, serve_args: tuple[str, ...] = ()) -> LiveServer:
        """Add a server process (not started); the first one prepares the database."""
        server = LiveServer(self.root / f"server{len(self.servers)}", self.database, self.env)
        server.serve_args = list(serve_args)
        if self.demo is None:
            server.prepare()
            self.demo = server.demo
        server.demo = self.demo
        self.servers.append(server)
        return server

    def presence(self, workshop_id: int) -> dict[str, dict]:
        """Who Redis says is connected to a workshop: socket id -> entry (with the pid)."""
        raw = self.redis.client().hgetall(f"{self.prefix}:presence:{workshop_id}")
        return {sid.decode(): json.loads(value) for sid, value in raw.items()}

    def close(self) -> None:
        for server in self.servers:
            server.stop()
        self.database.drop()


class Nginx:
    """Debian's nginx in the foreground, proxying HTTP and WebSockets to `backends`."""

    def __init__(self, root: Path, backends: list[LiveServer], demo=None) -> None:
        self.demo = demo  # the backends' demo, so that helpers can join through nginx
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        upstream = "\n".join(
            f"        server 127.0.0.1:{b.port} max_fails=1 fail_timeout=10s;" for b in backends
        )
        site = (Path(__file__).parent.parent / "docs" / "nginx" / "aihio.conf").read_text()
        site = re.sub(r"(?m)^    server 10\.0\.0\.\d+:5000 .*\n", "", site)
        site = site.replace("    least_conn;\n", "    least_conn;\n" + upstream + "\n", 1)
        site = site.replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        temp = self.root / "temp"
        temp.mkdir(exist_ok=True)
        config = self.root / "nginx.conf"
        config.write_text(
            f"daemon off;\nworker_processes 1;\npid {self.root}/nginx.pid;\n"
            f"error_log {self.root}/error.log;\nevents {{ worker_connections 512; }}\n"
            "http {\n    access_log off;\n"
            + "".join(
                f"    {kind}_temp_path {temp}/{kind};\n"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            )
            + site
            + "}\n"
        )
        assert os.access(NGINX, os.X_OK), (
            "nginx is missing; the reverse-proxy test needs Debian's nginx "
            "(`apt-get install -y nginx-light`; .ci/run does it)."
        )
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.root), "-c", str(config), "-e", str(self.root / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                _no_proxy.open(self.base_url + "/", timeout=2).close()
                return
            except OSError:
                assert self.process.poll() is None, (self.root / "error.log").read_text()
                assert time.monotonic() < deadline, "nginx did not answer"
                time.sleep(0.05)

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)
