"""Per-connection state: who holds it (fixed at connect), where they are, how fast
they send. Identity never comes from an event's payload."""

import time
from dataclasses import dataclass, field

from workshop.ideas import Actor


@dataclass
class Connection:
    actor: Actor
    workshop_id: int | None  # a participant's workshop; None for a facilitator
    name: str
    table_id: int | None = None
    idea_ids: set[int] = field(default_factory=set)
    watching: set[int] = field(default_factory=set)  # workshops whose overview it shows
    tokens: float | None = None  # None: a full bucket
    refilled: float = field(default_factory=time.monotonic)
    strikes: int = 0
    # idea_id -> (field keys, Author) once update_idea was authorized; cleared on a table move.
    editable: dict = field(default_factory=dict)


class RateLimit:
    """A token bucket per connection: `rate` events a second, bursts up to `burst`."""

    def __init__(self, rate: float, burst: float, strikes_to_disconnect: int) -> None:
        self.rate, self.burst, self.strikes_to_disconnect = rate, burst, strikes_to_disconnect

    def _refill(self, connection: Connection) -> None:
        now = time.monotonic()
        if connection.tokens is None:
            connection.tokens = self.burst
        connection.tokens = min(
            self.burst, connection.tokens + (now - connection.refilled) * self.rate
        )
        connection.refilled = now

    def ready(self, connection: Connection) -> bool:
        """Whether the next event would be allowed (nothing is taken)."""
        self._refill(connection)
        return connection.tokens >= 1

    def allow(self, connection: Connection) -> bool:
        self._refill(connection)
        if connection.tokens >= 1:
            connection.tokens -= 1
            return True
        connection.strikes += 1
        return False

    def abusive(self, connection: Connection) -> bool:
        return connection.strikes >= self.strikes_to_disconnect
