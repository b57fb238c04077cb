"""Rooms of live idea documents and the group committer that makes edits durable.

An accepted update is applied to the room's document, queued, written with the other
updates that arrived meanwhile in ONE transaction, and only then acknowledged and
broadcast. The async primitives (queue, event, background task, sleep) are injected,
so this runs under eventlet, gevent or threads alike.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from pycrdt import Doc, merge_updates
from sqlalchemy.orm import Session, load_only

from workshop.collab import store
from workshop.collab.document import (
    EXITS,
    MalformedUpdate,
    RoomDamaged,
    apply_checked,
    crdt_call,
    missing_from,
    read_fields,
    round_trips,
)
from workshop.collab.store import Author, LogEntry
from workshop.errors import AihioError
from workshop.models import Idea

log = logging.getLogger(__name__)
# What a projection reads of an idea: its old fields (a JSON text as long as the draft) are
# only written, never read.
_PROJECTION_COLUMNS = (load_only(Idea.last_seq, Idea.projected_seq, Idea.title),)


LINGER_BELOW = 16  # a queue this long already makes a good batch: commit it at once


class UpdateTooLarge(ValueError):
    pass


class CommitFailed(RuntimeError):
    pass


@dataclass
class Primitives:
    create_queue: Callable
    queue_empty: type[Exception]
    create_event: Callable
    start_task: Callable
    sleep: Callable
    # Runs a blocking call on an OS thread while the event loop goes on (eventlet's
    # tpool.execute); None runs it in place. Used for SQLite's commit, an fsync.
    offload: Callable | None = None


@dataclass
class Room:
    idea_id: int
    doc: Doc
    keys: list[str]
    committed_seq: int
    members: set[str] = field(default_factory=set)
    last_used: float = field(default_factory=time.monotonic)
    projected_at: float = 0.0
    dirty: bool = False
    uncompacted: int = 0  # log rows since the last snapshot


@dataclass
class _Pending:
    entry: LogEntry
    sid: str | None
    done: object  # an event of the async mode
    error: Exception | None = None


@dataclass
class Settings:
    max_update_bytes: int = 256 * 1024
    compact_after: int = 500
    idle_seconds: float = 120.0
    project_every: float = 1.0
    max_batch: int = 1000
    # After the first update of a batch, let the event loop read what else has arrived
    # (one poll) before committing: fewer, larger transactions under load (seconds).
    linger: float = 0.001
    ack_timeout: float = 15.0


Broadcast = Callable[[int, bytes, str | None], None]
Renamed = Callable[[Idea], None]


class CollabService:
    """Live idea documents for one process."""

    def __init__(
        self,
        session_scope: Callable[[], AbstractContextManager[Session]],
        primitives: Primitives,
        broadcast: Broadcast,
        settings: Settings | None = None,
        renamed: Renamed | None = None,
        projected: Renamed | None = None,
    ) -> None:
        self.session_scope = session_scope
        self.renamed = renamed
        self.projected = projected
        self.primitives = primitives
        self.broadcast = broadcast
        self.settings = settings or Settings()
        self.rooms: dict[int, Room] = {}
        self.rooms_dropped = 0  # live documents rebuilt from the log after a failure
        self._lock = threading.Lock()
        self._queue = primitives.create_queue()
        self._task = None

    # -- rooms -----------------------------------------------------------------

    def room(self, idea_id: int, keys: list[str]) -> Room:
        """Return the idea's live room, loading it from the log, catching up if stale.

        Rows that no longer apply are set aside in the quarantine; the rest loads.
        """
        with self._lock:
            room = self.rooms.get(idea_id)
        with self.session_scope() as session:
            if room is not None and not self._catch_up(session, room):
                self.drop(idea_id)
                room = None
            if room is None:
                loaded = store.load_idea(session, idea_id)
                if loaded.rejected:
                    session.commit()  # the quarantine
                fresh = Room(idea_id, loaded.doc, list(keys), loaded.last_seq)
                fresh.uncompacted = len(loaded.rows)
                with self._lock:
                    room = self.rooms.setdefault(idea_id, fresh)
        room.keys = list(keys)
        room.last_used = time.monotonic()
        return room

    def _catch_up(self, session: Session, room: Room) -> bool:
        """Apply what other processes logged since the room's seq; False if a row failed."""
        rows = store.load_rows(session, room.idea_id, after_seq=room.committed_seq)
        if not rows:
            return True
        with self._lock:
            try:
                for row in rows:
                    crdt_call(room.doc.apply_update, row.data)
            except MalformedUpdate:
                return False  # reload the whole idea: that sets the row aside
            room.committed_seq = max(room.committed_seq, max(row.seq for row in rows))
        return True

    def drop(self, idea_id: int) -> None:
        """Forget the idea's live document: the next use loads it again from the log."""
        with self._lock:
            room = self.rooms.pop(idea_id, None)
        if room is not None:
            self.rooms_dropped += 1

    def sync(
        self, idea_id: int, keys: list[str], state_vector: bytes | None
    ) -> tuple[bytes, bytes]:
        """Return (what a peer with this state vector lacks, the server's state vector)."""
        room = self.room(idea_id, keys)
        with self._lock:
            try:
                return missing_from(room.doc, state_vector), crdt_call(room.doc.get_state)
            except MalformedUpdate:
                if round_trips(room.doc):
                    raise  # the peer's state vector is what does not decode
        self.drop(idea_id)  # the live document itself is damaged: load it from the log
        room = self.room(idea_id, keys)
        with self._lock:
            return missing_from(room.doc, state_vector), crdt_call(room.doc.get_state)

    def join(self, idea_id: int, keys: list[str], sid: str) -> Room:
        room = self.room(idea_id, keys)
        room.members.add(sid)
        return room

    def leave(self, idea_id: int, sid: str) -> None:
        room = self.rooms.get(idea_id)
        if room is not None:
            room.members.discard(sid)

    def leave_all(self, sid: str) -> list[int]:
        """Remove a connection from every room; return the ideas it had open."""
        left = [room.idea_id for room in list(self.rooms.values()) if sid in room.members]
        for idea_id in left:
            self.leave(idea_id, sid)
        return left

    def busy(self) -> bool:
        """Whether updates wait for the committer: work that can wait (hints) should."""
        return self._queue.qsize() > 0

    def text_of(self, idea_id: int, keys: list[str]) -> dict[str, str]:
        """Return the exact current text of each field (for exports)."""
        room = self.room(idea_id, keys)
        with self._lock:
            return read_fields(room.doc, keys)

    # -- updates ---------------------------------------------------------------

    def submit(
        self, idea_id: int, keys: list[str], update: bytes, author: Author, sid: str | None = None
    ) -> int:
        """Apply, log durably and broadcast an update; return its seq once committed.

        A duplicate returns the seq the idea has reached without writing anything.
        Raises MalformedUpdate, UpdateTooLarge or CommitFailed; the log is then unchanged.
        """
        if not isinstance(update, bytes | bytearray):
            raise MalformedUpdate("update must be bytes")
        if len(update) > self.settings.max_update_bytes:
            raise UpdateTooLarge(f"{len(update)} bytes > {self.settings.max_update_bytes}")
        room = self.rooms.get(idea_id)
        if room is None or room.keys != keys:
            room = self.room(idea_id, keys)  # load (and catch up) only when not live yet
        room.last_used = time.monotonic()
        try:
            with self._lock:
                applied = apply_checked(room.doc, bytes(update), room.keys)
        except RoomDamaged:
            self.drop(idea_id)  # rebuilt from the log, without this update, on next use
            raise
        if not applied.changed and not applied.pending:
            return room.committed_seq
        room.dirty = True
        pending = _Pending(
            LogEntry(idea_id, bytes(update), author, applied.inserted),
            sid,
            self.primitives.create_event(),
        )
        self._ensure_committer()
        self._queue.put(pending)
        if not pending.done.wait(self.settings.ack_timeout):
            raise CommitFailed("the update was not committed in time")
        if isinstance(pending.error, AihioError):
            raise pending.error  # refused by the committer's re-check (locked, forbidden)
        if pending.error is not None:
            raise CommitFailed(str(pending.error)) from pending.error
        return pending.entry.seq

    # -- the committer -----------------------------------------------------------

    def _ensure_committer(self) -> None:
        if self._task is None:
            with self._lock:
                if self._task is None:
                    self._task = self.primitives.start_task(self._run)

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=1.0)
            except self.primitives.queue_empty:
                self._housekeeping()
                continue
            if self.settings.linger and self._queue.qsize() < LINGER_BELOW:
                self.primitives.sleep(self.settings.linger)
            batch = [first]
            while len(batch) < self.settings.max_batch:
                try:
                    batch.append(self._queue.get_nowait())
                except self.primitives.queue_empty:
                    break
            try:
                self._commit(batch)
            except EXITS:
                raise
            except BaseException:  # a failing batch (even a pycrdt panic) must not stop it
                log.exception("committer failed")
                for pending in batch:  # every sender gets an answer
                    if not pending.done.is_set():
                        pending.error = pending.error or CommitFailed("the commit failed")
                        pending.done.set()

    def _commit(self, batch: list[_Pending]) -> None:
        entries = [p.entry for p in batch]
        ideas = sorted({e.idea_id for e in entries})
        try:
            with self.session_scope() as session:
                refused = store.refused(session, entries)
                if refused:
                    for pending in batch:
                        if id(pending.entry) in refused:
                            pending.error = refused[id(pending.entry)]
                            pending.done.set()
                    # Their text reached the room's document but not the log: reload it.
                    with self._lock:
                        for pending in batch:
                            if id(pending.entry) in refused:
                                self.rooms.pop(pending.entry.idea_id, None)
                    batch = [p for p in batch if id(p.entry) not in refused]
                    entries = [p.entry for p in batch]
                    ideas = sorted({e.idea_id for e in entries})
                    if not batch:
                        return
                store.append_batch(session, entries)
                reached = self._fill_gaps(session, entries)
                projected = self._project(session, ideas, force=False, reached=reached)
                self._durable(session)
        except Exception as error:
            log.exception("commit of %d updates failed", len(batch))
            for idea_id in ideas:  # memory may hold what the log lacks: reload later
                with self._lock:
                    self.rooms.pop(idea_id, None)
            for pending in batch:
                pending.error = error
                pending.done.set()
            return
        for entry in entries:
            room = self.rooms.get(entry.idea_id)
            if room is not None:
                room.committed_seq = max(room.committed_seq, entry.seq)
                room.uncompacted += 1
        for idea_id, updates, sender in _per_idea(batch):
            try:
                self.broadcast(idea_id, updates, sender)
            except EXITS:
                raise
            except BaseException:
                log.exception("broadcast to idea %s failed", idea_id)
        for pending in batch:
            pending.done.set()
        self._announce(projected)  # after the acks: nobody waits on table states
        self._compact_long_logs(ideas)

    def _durable(self, session: Session) -> None:
        """Commit. SQLite's commit waits for an fsync (milliseconds on a laptop's disk, the
        event loop stopped meanwhile): it runs on an OS thread when the async mode allows,
        and the session's own commit then finds nothing left to write."""
        session.flush()
        if self.primitives.offload is not None and session.get_bind().dialect.name == "sqlite":
            # pysqlite opens file databases with check_same_thread=False; nobody else uses
            # this connection while the committer waits here.
            self.primitives.offload(session.connection().connection.dbapi_connection.commit)
        session.commit()

    def _fill_gaps(self, session: Session, entries: list[LogEntry]) -> dict[int, int]:
        """Apply to the rooms the rows other processes logged before this batch's; return
        the seq each idea's room now holds everything up to (after the commit).

        The batch's seqs of an idea are consecutive and its row is locked until the commit,
        so the rows between the room's seq and the batch's first are all committed already.
        With one process there are none, and this costs nothing.
        """
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for entry in entries:
            first[entry.idea_id] = min(first.get(entry.idea_id, entry.seq), entry.seq)
            last[entry.idea_id] = max(last.get(entry.idea_id, entry.seq), entry.seq)
        for idea_id, seq in first.items():
            room = self.rooms.get(idea_id)
            if room is None or room.committed_seq >= seq - 1:
                continue
            rows = store.load_rows(session, idea_id, after_seq=room.committed_seq)
            try:
                with self._lock:
                    for row in rows:
                        if row.snapshot or row.seq < seq:
                            crdt_call(room.doc.apply_update, row.data)
            except MalformedUpdate:  # reload the whole idea (that sets the row aside)
                with self._lock:
                    self.rooms.pop(idea_id, None)
                last.pop(idea_id)
        return last

    def _project(
        self,
        session: Session,
        idea_ids: list[int],
        force: bool,
        reached: dict[int, int] | None = None,
    ) -> list[tuple[int, bool]]:
        """Write the plain-text projection of dirty rooms; return (idea id, renamed) of each.

        A room first catches up with what other processes logged, and a projection never
        replaces a newer one (another process may have written it).
        """
        now = time.monotonic()
        done: list[tuple[int, bool]] = []
        for idea_id in idea_ids:
            room = self.rooms.get(idea_id)
            if room is None or not room.dirty:
                continue
            if not force and now - room.projected_at < self.settings.project_every:
                continue
            idea = session.get(Idea, idea_id, options=_PROJECTION_COLUMNS)  # not its fields
            if idea is None:
                continue
            holds = max(room.committed_seq, (reached or {}).get(idea_id, 0))
            if idea.last_seq > holds:
                if not self._catch_up(session, room):
                    self.drop(idea_id)  # a row does not apply: reload (that sets it aside)
                    continue
                holds = max(holds, room.committed_seq)
            if idea.projected_seq > holds:
                room.projected_at, room.dirty = now, False
                continue
            with self._lock:
                fields = read_fields(room.doc, room.keys)
            title = " ".join((fields.get("title") or "").split())[:200]
            was = idea.title
            idea.fields, idea.title, idea.projected_seq = fields, title, holds
            room.projected_at, room.dirty = now, False
            done.append((idea_id, title != was))
        return done

    def _announce(self, projected: list[tuple[int, bool]]) -> None:
        """Tell the edges which ideas got a new projection (lists, table states, overview)."""
        if not projected or (self.renamed is None and self.projected is None):
            return
        try:
            with self.session_scope() as session:
                for idea_id, renamed in projected:
                    idea = session.get(Idea, idea_id)
                    if idea is None:
                        continue
                    if renamed and self.renamed is not None:
                        self.renamed(idea)
                    if self.projected is not None:
                        self.projected(idea)
        except Exception:
            log.exception("announcing projections failed")

    def _compact_long_logs(self, idea_ids: list[int]) -> None:
        for idea_id in idea_ids:
            room = self.rooms.get(idea_id)
            if room is None or room.uncompacted < self.settings.compact_after:
                continue
            room.uncompacted = 0
            try:
                with self.session_scope() as session:
                    removed = store.compact(session, idea_id, room.keys)
                    session.commit()
                log.info("compacted idea %s: %d updates into a snapshot", idea_id, removed)
            except EXITS:
                raise
            except BaseException:  # the log keeps every row: nothing was deleted
                log.exception("compaction of idea %s failed; its log is kept", idea_id)

    def _housekeeping(self) -> None:
        """Project what is still dirty and drop rooms nobody has used for a while."""
        dirty = [r.idea_id for r in self.rooms.values() if r.dirty]
        if dirty:
            try:
                with self.session_scope() as session:
                    projected = self._project(session, dirty, force=True)
                    session.commit()
                self._announce(projected)
            except Exception:
                log.exception("projection failed")
        cutoff = time.monotonic() - self.settings.idle_seconds
        with self._lock:
            for idea_id, room in list(self.rooms.items()):
                if not room.members and not room.dirty and room.last_used < cutoff:
                    del self.rooms[idea_id]

    def flush(self) -> None:
        """Write every pending projection now (tests and exports use this)."""
        with self.session_scope() as session:
            projected = self._project(session, list(self.rooms), force=True)
            session.commit()
        self._announce(projected)


def _per_idea(batch: list[_Pending]) -> Iterator[tuple[int, bytes, str | None]]:
    """Yield one message per idea: a lone update skips its sender; several are merged
    and go to everyone (a peer ignores what it already has)."""
    grouped: dict[int, list[_Pending]] = {}
    for pending in batch:
        grouped.setdefault(pending.entry.idea_id, []).append(pending)
    for idea_id, items in grouped.items():
        if len(items) == 1:
            yield idea_id, items[0].entry.data, items[0].sid
            continue
        merged = _merged([p.entry.data for p in items])
        if merged is not None:
            yield idea_id, merged, None
            continue
        for pending in items:  # updates that do not merge well reach the peers one by one
            yield idea_id, pending.entry.data, pending.sid


def _merged(updates: list[bytes]) -> bytes | None:
    """Merge updates for one broadcast, or None when the merge does not load as a whole
    (crafted updates can merge into bytes that no peer can read)."""
    try:
        merged = crdt_call(merge_updates, *updates)
        crdt_call(Doc().apply_update, merged)
    except MalformedUpdate:
        return None
    return merged
