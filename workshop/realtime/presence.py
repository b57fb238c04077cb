"""Who is connected, and where, across every server process of one deployment.

The table state (who is online, which idea each has open), the overview (who is online),
the overview's publisher (does anyone watch this workshop?) and the targeted actions (close
an erased participant's sockets, tell a moved one, close a replaced projector link) ask
here instead of reading this process's connections.

One process: the answers come from the app's connections (workshop/live.py). Several
processes (REDIS_URL set): each process writes its connections into one Redis hash per
workshop (`<prefix>:presence:<workshop id>`, socket id -> where it is) and keeps a heartbeat
key alive; entries of a process whose heartbeat expired (killed, say) are ignored and
removed, so a crashed process's people drop out within `PROCESS_TTL` seconds.
"""

import json
import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass

log = logging.getLogger(__name__)

PROCESS_TTL = 15  # seconds without a heartbeat after which a process counts as gone
HEARTBEAT_EVERY = 5
WATCHED_CACHE = 1.0  # seconds a "does anyone watch this workshop?" answer is reused


@dataclass(frozen=True)
class Seen:
    """One connection as every process sees it."""

    sid: str
    kind: str  # participant, facilitator, projector
    actor_id: int
    workshop_id: int | None
    table_id: int | None
    idea_ids: frozenset[int]
    watching: frozenset[int]


def seen(sid: str, connection) -> Seen:
    return Seen(
        sid,
        connection.actor.kind,
        connection.actor.id,
        connection.workshop_id,
        connection.table_id,
        frozenset(connection.idea_ids),
        frozenset(connection.watching),
    )


def where(connection) -> tuple:
    """What of a connection the others see; compared before and after each event."""
    return (connection.table_id, frozenset(connection.idea_ids), frozenset(connection.watching))


def workshops_of(entry: Seen) -> set[int]:
    return ({entry.workshop_id} - {None}) | set(entry.watching)


class LocalPresence:
    """One process: the connections are the whole truth."""

    def __init__(self, connections: dict) -> None:
        self.connections = connections

    def save(self, sid: str, connection) -> None:
        """A connection appeared or moved (table, open ideas, watched overviews)."""

    def forget(self, sid: str) -> None:
        """A connection closed."""

    def in_workshop(self, workshop_id: int) -> list[Seen]:
        """Every connection of a workshop: its participants, projectors and watchers."""
        return [
            seen(sid, c)
            for sid, c in list(self.connections.items())
            if c.workshop_id == workshop_id or workshop_id in c.watching
        ]

    def watched(self, workshop_id: int) -> bool:
        """Whether any screen shows this workshop's overview."""
        return any(workshop_id in c.watching for c in list(self.connections.values()))


class RedisPresence(LocalPresence):
    """Several processes: connections mirrored into Redis, read from there."""

    def __init__(self, connections: dict, client, prefix: str, start_task, sleep) -> None:
        super().__init__(connections)
        self.redis = client
        self.prefix = prefix
        self.process = uuid.uuid4().hex
        self._start_task, self._sleep = start_task, sleep
        self._beating = False
        self._written: dict[str, set[int]] = {}  # sid -> workshops whose hash holds it
        self._watched: dict[int, tuple[float, bool]] = {}
        self._alive: tuple[float, set[str]] = (0.0, set())
        self._lock = threading.Lock()

    def _hash(self, workshop_id: int) -> str:
        return f"{self.prefix}:presence:{workshop_id}"

    def _beat_key(self, process: str) -> str:
        return f"{self.prefix}:process:{process}"

    def _ensure_beating(self) -> None:
        if not self._beating:
            self._beating = True
            self._beat()
            self._start_task(self._heartbeat)

    def _beat(self) -> None:
        self.redis.set(self._beat_key(self.process), "1", ex=PROCESS_TTL)

    def _heartbeat(self) -> None:
        while True:
            self._sleep(HEARTBEAT_EVERY)
            try:
                self._beat()
            except Exception:
                log.exception("presence heartbeat failed")

    def save(self, sid: str, connection) -> None:
        self._ensure_beating()
        entry = seen(sid, connection)
        now = workshops_of(entry)
        value = json.dumps(
            {
                "p": self.process,
                "pid": os.getpid(),  # for operators (and the tests that kill a process)
                "k": entry.kind,
                "a": entry.actor_id,
                "w": entry.workshop_id,
                "t": entry.table_id,
                "i": sorted(entry.idea_ids),
                "v": sorted(entry.watching),
            }
        )
        with self._lock:
            before = self._written.get(sid, set())
            self._written[sid] = now
        pipe = self.redis.pipeline(transaction=False)
        for workshop_id in now:
            pipe.hset(self._hash(workshop_id), sid, value)
        for workshop_id in before - now:
            pipe.hdel(self._hash(workshop_id), sid)
        pipe.execute()
        with self._lock:
            for workshop_id in now | before:
                self._watched.pop(workshop_id, None)

    def forget(self, sid: str) -> None:
        with self._lock:
            before = self._written.pop(sid, set())
        if before:
            pipe = self.redis.pipeline(transaction=False)
            for workshop_id in before:
                pipe.hdel(self._hash(workshop_id), sid)
            pipe.execute()

    def _alive_processes(self, processes: set[str]) -> set[str]:
        at, alive = self._alive
        unknown = processes - alive
        if unknown or time.monotonic() - at > HEARTBEAT_EVERY:
            names = sorted(processes | alive)
            beats = self.redis.mget([self._beat_key(p) for p in names])
            alive = {p for p, beat in zip(names, beats, strict=True) if beat is not None}
            alive.add(self.process)
            self._alive = (time.monotonic(), alive)
        return alive

    def in_workshop(self, workshop_id: int) -> list[Seen]:
        raw = self.redis.hgetall(self._hash(workshop_id))
        entries = {}
        for sid, value in raw.items():
            try:
                entries[sid.decode()] = json.loads(value)
            except (ValueError, UnicodeDecodeError):
                entries[sid.decode(errors="replace")] = None
        alive = self._alive_processes({e["p"] for e in entries.values() if e})
        dead = [sid for sid, e in entries.items() if e is None or e["p"] not in alive]
        if dead:  # a process that was killed left them behind
            self.redis.hdel(self._hash(workshop_id), *dead)
        # This process's own connections as they are now (an event handler may not have
        # saved its move yet), the other processes' from Redis.
        here = {entry.sid: entry for entry in super().in_workshop(workshop_id)}
        there = [
            Seen(sid, e["k"], e["a"], e["w"], e["t"], frozenset(e["i"]), frozenset(e["v"]))
            for sid, e in entries.items()
            if sid not in dead and sid not in here and e["p"] != self.process
        ]
        return [*here.values(), *there]

    def watched(self, workshop_id: int) -> bool:
        cached = self._watched.get(workshop_id)
        if cached is not None and time.monotonic() - cached[0] < WATCHED_CACHE:
            return cached[1]
        answer = any(workshop_id in e.watching for e in self.in_workshop(workshop_id))
        self._watched[workshop_id] = (time.monotonic(), answer)
        return answer


def create(app, connections: dict, start_task, sleep) -> LocalPresence:
    """The presence of this app: in memory, or in Redis when REDIS_URL is set."""
    url = app.config.get("REDIS_URL")
    if not url:
        return LocalPresence(connections)
    import redis

    client = redis.Redis.from_url(url)
    return RedisPresence(connections, client, app.config["REDIS_PREFIX"], start_task, sleep)
