"""The agenda: phases with a timer that the facilitator starts, pauses, extends, skips and undoes.

Pure: no Flask, database or sockets. Transitions take the clock as `now` (an aware datetime)
and return a new AgendaState; an impossible step raises ValidationFailed and changes nothing.
`snapshot()` is the payload of the `phase` event (DESIGN.md, "Realtime protocol").

Decisions:
- Minutes may have decimals (7.5 = 7 min 30 s), kept to 0.01; 0 < minutes <= 480. Numeric
  strings from forms ("10", "7,5") are accepted; booleans, NaN and infinity are not.
- Running: `ends_at` is set. Paused: `paused_remaining` (seconds) is set and `ends_at` is None.
  After the last phase: `finished` is set and `index` is None.
- Every successful transition pushes the state before it onto `history` (at most 50 deep, the
  oldest forgotten); `back()` restores that state exactly, `ends_at` included: the clock kept
  running meanwhile, so an undone skip returns to the phase with the time it has left now.
- `start(index=i)` and `skip()` start a phase afresh at its full length, running even if the
  phase before was paused. `start()` without an index starts phase 0 and is refused while the
  agenda runs (use an index to jump); after finishing it starts again from the beginning.
- `extend()` of an overrun phase counts from now, not from the `ends_at` that has passed.
- `set_phases()` is allowed at any time and keeps the position by index; the current phase's
  timer is left alone (use `extend`), and a list too short to hold the current phase is refused.
"""

import math
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from workshop.errors import ValidationFailed
from workshop.i18n_markers import N_

MAX_PHASES = 30
MAX_MINUTES = 480
NAME_MAX = 80
HISTORY_LIMIT = 50

CHECK_FIELDS = N_("Check the fields marked below.")


@dataclass(frozen=True)
class Phase:
    name: str
    minutes: int | float

    def to_dict(self) -> dict:
        return {"name": self.name, "minutes": self.minutes}


@dataclass(frozen=True)
class AgendaState:
    phases: tuple[Phase, ...] = ()
    index: int | None = None
    ends_at: datetime | None = None
    paused_remaining: float | None = None
    finished: bool = False
    history: tuple["AgendaState", ...] = ()

    @property
    def paused(self) -> bool:
        return self.paused_remaining is not None

    def to_dict(self) -> dict:
        """Return a JSON-safe dict; history entries omit phases equal to the next state's."""
        entries, following = [], self.phases
        for past in reversed(self.history):
            entries.append(past._frame(with_phases=past.phases != following))
            following = past.phases
        return {**self._frame(with_phases=True), "history": entries[::-1]}

    @classmethod
    def from_dict(cls, data: object) -> "AgendaState":
        """Rebuild a state from `to_dict()` output; return the initial state for bad data."""
        try:
            current = _load_frame(data, None)
            stored = data.get("history", [])  # type: ignore[union-attr]
            if not isinstance(stored, list) or len(stored) > HISTORY_LIMIT:
                raise ValueError("bad history")
            history, following = [], current.phases
            for entry in reversed(stored):
                past = _load_frame(entry, following)
                history.append(past)
                following = past.phases
            return replace(current, history=tuple(reversed(history)))
        except (ValidationFailed, TypeError, ValueError, KeyError, AttributeError, OverflowError):
            return cls()

    def _frame(self, with_phases: bool) -> dict:
        frame = {
            "index": self.index,
            "ends_at": self.ends_at.isoformat() if self.ends_at else None,
            "paused_remaining": self.paused_remaining,
            "finished": self.finished,
        }
        if with_phases:
            frame["phases"] = [phase.to_dict() for phase in self.phases]
        return frame


def _load_frame(entry: object, phases: tuple[Phase, ...] | None) -> AgendaState:
    """Parse one stored frame, taking `phases` when the frame has none; raise on bad data."""
    if not isinstance(entry, dict):
        raise TypeError("frame is not a dict")
    if phases is None or "phases" in entry:
        phases = tuple(validate_phases(entry["phases"]))
    ends_at, remaining = entry.get("ends_at"), entry.get("paused_remaining")
    if isinstance(remaining, bool | str):
        raise TypeError("paused_remaining is not a number")
    ends_at = None if ends_at is None else _utc(datetime.fromisoformat(ends_at))
    remaining = None if remaining is None else float(remaining)
    state = AgendaState(phases, entry.get("index"), ends_at, remaining, entry.get("finished"))
    if not _consistent(state):
        raise ValueError("inconsistent frame")
    return state


def _consistent(state: AgendaState) -> bool:
    """Tell whether the fields describe one of: not started, running, paused, finished."""
    if not isinstance(state.finished, bool):
        return False
    if state.index is None:
        return state.ends_at is None and state.paused_remaining is None
    if type(state.index) is not int or state.finished or not 0 <= state.index < len(state.phases):
        return False
    if state.paused_remaining is None:
        return state.ends_at is not None
    return state.ends_at is None and 0 <= state.paused_remaining < math.inf


def _invalid(field: str, hint: str) -> ValidationFailed:
    """Return the error for one bad field."""
    return ValidationFailed(CHECK_FIELDS, fields={field: hint})


def _minutes(raw: object) -> int | float | None:
    """Return valid minutes (an int when whole, else kept to 0.01), or None."""
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        return None
    try:
        value = float(raw.replace(",", ".") if isinstance(raw, str) else raw)
    except (ValueError, OverflowError):
        return None
    if not 0 < value <= MAX_MINUTES or (value := round(value, 2)) <= 0:
        return None
    return int(value) if value.is_integer() else value


def validate_phases(raw: object) -> list[Phase]:
    """Return clean phases from a list of {name, minutes} (or Phase) or raise ValidationFailed."""
    if not isinstance(raw, list | tuple):
        raise ValidationFailed(
            N_("Give the agenda as a list of phases."),
            fields={"phases": N_("Give a list of phases, each with a name and minutes.")},
        )
    if len(raw) > MAX_PHASES:
        raise ValidationFailed(
            N_("An agenda has at most 30 phases."),
            fields={"phases": N_("Remove phases: at most 30.")},
        )
    clean, errors = [], {}
    for i, item in enumerate(raw):
        item = item.to_dict() if isinstance(item, Phase) else item
        item = item if isinstance(item, dict) else {}
        name = " ".join(item["name"].split()) if isinstance(item.get("name"), str) else ""
        minutes = _minutes(item.get("minutes"))
        if not 0 < len(name) <= NAME_MAX:
            errors[f"phases[{i}].name"] = N_("Give the phase a name of 1 to 80 characters.")
        if minutes is None:
            errors[f"phases[{i}].minutes"] = N_(
                "Give the length in minutes: more than 0 and at most 480 (8 hours)."
            )
        clean.append(Phase(name, minutes or 0))
    if errors:
        raise ValidationFailed(CHECK_FIELDS, fields=errors)
    return clean


def _utc(now: datetime) -> datetime:
    """Return `now` in UTC; a naive clock is a programming error."""
    if not isinstance(now, datetime) or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(UTC)


def _step(state: AgendaState, **changes) -> AgendaState:
    """Return the state with `changes`, remembering the state before it for undo."""
    history = (*state.history, replace(state, history=()))[-HISTORY_LIMIT:]
    return replace(state, history=history, **changes)


def _run(state: AgendaState, now: datetime, index: int) -> AgendaState:
    """Return the state running phase `index` at its full length from `now`."""
    ends_at = now + timedelta(minutes=state.phases[index].minutes)
    return _step(state, index=index, ends_at=ends_at, paused_remaining=None, finished=False)


def _require_current(state: AgendaState) -> None:
    """Refuse a step that needs a current phase when there is none."""
    if state.finished:
        raise ValidationFailed(N_("The agenda is finished: start it again or undo."))
    if state.index is None:
        raise ValidationFailed(N_("Start the agenda first."))


def start(state: AgendaState, now: datetime, index: int | None = None) -> AgendaState:
    """Start the first phase, or go to phase `index`, at its full length."""
    now = _utc(now)
    if not state.phases:
        raise ValidationFailed(
            N_("Add phases to the agenda first."), fields={"phases": N_("Add at least one phase.")}
        )
    if index is None:
        if state.index is not None:
            raise ValidationFailed(N_("The agenda has already started: choose a phase to go to."))
        index = 0
    elif type(index) is not int or not 0 <= index < len(state.phases):
        raise _invalid("index", N_("Choose one of the phases."))
    return _run(state, now, index)


def pause(state: AgendaState, now: datetime) -> AgendaState:
    """Pause the running phase, freezing the time it has left."""
    now = _utc(now)
    _require_current(state)
    if state.paused:
        raise ValidationFailed(N_("The phase is already paused."))
    remaining = max(0.0, (state.ends_at - now).total_seconds())
    return _step(state, ends_at=None, paused_remaining=remaining)


def resume(state: AgendaState, now: datetime) -> AgendaState:
    """Resume the paused phase: it ends after the time it had left."""
    now = _utc(now)
    _require_current(state)
    if not state.paused:
        raise ValidationFailed(N_("The phase is already running."))
    ends_at = now + timedelta(seconds=state.paused_remaining)
    return _step(state, ends_at=ends_at, paused_remaining=None)


def extend(state: AgendaState, now: datetime, minutes: object) -> AgendaState:
    """Add minutes to the current phase, running or paused."""
    now = _utc(now)
    added = _minutes(minutes)
    if added is None:
        raise _invalid("minutes", N_("Give the minutes to add: more than 0 and at most 480."))
    _require_current(state)
    if state.paused:
        return _step(state, paused_remaining=state.paused_remaining + added * 60)
    return _step(state, ends_at=max(state.ends_at, now) + timedelta(minutes=added))


def skip(state: AgendaState, now: datetime) -> AgendaState:
    """Move to the next phase, or finish after the last."""
    now = _utc(now)
    _require_current(state)
    if state.index + 1 < len(state.phases):
        return _run(state, now, state.index + 1)
    return _step(state, index=None, ends_at=None, paused_remaining=None, finished=True)


def back(state: AgendaState) -> AgendaState:
    """Undo the last step, restoring the state before it exactly."""
    if not state.history:
        raise ValidationFailed(N_("Nothing to undo."))
    return replace(state.history[-1], history=state.history[:-1])


def set_phases(state: AgendaState, phases: object) -> AgendaState:
    """Replace the phases, keeping the current position and its timer."""
    clean = tuple(validate_phases(phases))
    if state.index is not None and state.index >= len(clean):
        raise _invalid("phases", N_("Keep the current phase: the list is too short to hold it."))
    return _step(state, phases=clean)


def _iso(moment: datetime | None) -> str | None:
    """Format a UTC moment as ISO 8601 with milliseconds and Z, as browsers parse it."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z") if moment else None


def snapshot(state: AgendaState, now: datetime) -> dict:
    """Return the payload of the `phase` event at `now`."""
    now = _utc(now)
    phase = state.phases[state.index] if state.index is not None else None
    if state.paused:
        remaining = state.paused_remaining
    elif state.ends_at is not None:
        remaining = max(0.0, (state.ends_at - now).total_seconds())
    else:
        remaining = 0.0
    upcoming = None if state.finished else (0 if state.index is None else state.index + 1)
    has_next = upcoming is not None and upcoming < len(state.phases)
    return {
        "index": state.index,
        "name": phase.name if phase else None,
        "minutes": phase.minutes if phase else None,
        "ends_at": _iso(state.ends_at),
        "paused": state.paused,
        "remaining_seconds": math.ceil(remaining),
        "overrun": phase is not None and remaining <= 0,
        "next_name": state.phases[upcoming].name if has_next else None,
        "finished": state.finished,
        "server_now": _iso(now),
        "phases": [p.to_dict() for p in state.phases],
        "can_undo": bool(state.history),
    }
