"""`aihio serve --workers N`: N server processes on one port of one machine.

Each worker is a whole `aihio serve` of its own that listens on the same address with
SO_REUSEPORT, so the kernel spreads new connections over the workers; a WebSocket stays on
the worker that accepted it, so no sticky sessions are needed (long-polling would need
them: docs/deploy.md). The workers share the database (PostgreSQL) and Redis (Socket.IO's
message queue, presence). This supervisor only starts them, starts again one that exits
(a crash, `kill -9`) after a short back-off, and stops them all on SIGTERM or SIGINT.
"""

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

WORKER_ENV = "AIHIO_WORKER"  # the worker's number, 0 … N-1, in its environment
BACKOFF = (0.5, 1, 2, 5, 10, 30)  # seconds before a worker that keeps failing starts again
STEADY = 30.0  # a worker that ran this long had not "kept failing"


def worker_command(host: str, port: int, quiet: bool = False) -> list[str]:
    """The command line of one worker (the `aihio` entry point in this interpreter)."""
    return [
        sys.executable,
        "-c",
        "from workshop.entry import main; main()",
        "serve",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        "1",
    ] + (["--quiet"] if quiet else [])


def is_first_worker() -> bool:
    """Whether this process does the once-per-deployment chores (the daily purge)."""
    return os.environ.get(WORKER_ENV, "0") == "0"


def _die_with_parent() -> None:
    """In the worker, before it runs: SIGTERM when the supervisor dies, even by SIGKILL
    (Linux's PR_SET_PDEATHSIG), so that no worker outlives it holding the port."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the supervisor's own shutdown still stops them


class Supervisor:
    def __init__(
        self, command: list[str], count: int, say: Callable[[str], None], env=None
    ) -> None:
        self.command, self.count, self.say = command, count, say
        self.env = dict(env if env is not None else os.environ)
        self.workers: dict[int, subprocess.Popen] = {}
        self.started: dict[int, float] = {}
        self.failures: dict[int, int] = {}
        self.stopping = False

    def _start(self, number: int) -> None:
        env = {**self.env, WORKER_ENV: str(number)}
        self.workers[number] = subprocess.Popen(
            self.command, env=env, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent
        )
        self.started[number] = time.monotonic()
        self.say(f"worker {number}: pid {self.workers[number].pid}")

    def _stop(self, *_signal) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        for number in range(self.count):
            self._start(number)
        due: dict[int, float] = {}  # worker number -> when to start it again
        while not self.stopping:
            time.sleep(0.2)
            now = time.monotonic()
            for number, process in list(self.workers.items()):
                code = process.poll()
                if code is None or number in due:
                    continue
                ran = now - self.started[number]
                self.failures[number] = 0 if ran > STEADY else self.failures.get(number, 0) + 1
                wait = BACKOFF[min(self.failures[number], len(BACKOFF)) - 1] if ran <= STEADY else 0
                self.say(
                    f"worker {number} (pid {process.pid}) exited with {code}; again in {wait} s"
                )
                due[number] = now + wait
            for number, when in list(due.items()):
                if when <= now and not self.stopping:
                    del due[number]
                    self._start(number)
        return self._stop_all()

    def _stop_all(self, grace: float = 10.0) -> int:
        for process in self.workers.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in self.workers.values():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        return 0
