"""The agenda: phase validation, every transition and its undo, the `phase` snapshot,
storage round trips and garbage tolerance, with a frozen clock (plain datetimes)."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.agenda import (
    HISTORY_LIMIT,
    AgendaState,
    Phase,
    back,
    extend,
    pause,
    resume,
    set_phases,
    skip,
    snapshot,
    start,
    validate_phases,
)
from workshop.errors import ValidationFailed

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
PHASES = [
    {"name": "Intro", "minutes": 10},
    {"name": "Ideation", "minutes": 25},
    {"name": "Wrap-up", "minutes": 7.5},
]


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def agenda() -> AgendaState:
    """Return a not-started agenda with the three phases (set up beforehand, so no history)."""
    return AgendaState(phases=tuple(validate_phases(PHASES)))


def stored(state: AgendaState) -> dict:
    """Return the state as it comes back from a JSON column."""
    return json.loads(json.dumps(state.to_dict()))


def rejected(step, state: AgendaState, *args) -> ValidationFailed:
    """Apply a step that must fail; check the state is unchanged; return the error."""
    before = stored(state)
    with pytest.raises(ValidationFailed) as caught:
        step(state, *args)
    assert stored(state) == before
    return caught.value


# --- validate_phases ------------------------------------------------------------------------


def test_valid_phases_are_cleaned():
    phases = validate_phases(
        [
            {"name": "  Kick   off\n", "minutes": 15},
            {"name": "Break", "minutes": 7.5},
            {"name": "Form input", "minutes": " 7,25 "},
            {"name": "Whole float", "minutes": 20.0},
            Phase("Already a phase", 480),
        ]
    )
    assert phases == [
        Phase("Kick off", 15),
        Phase("Break", 7.5),
        Phase("Form input", 7.25),
        Phase("Whole float", 20),
        Phase("Already a phase", 480),
    ]
    assert type(phases[3].minutes) is int
    assert validate_phases([]) == []


@pytest.mark.parametrize(
    "minutes",
    [0, -5, 481, 480.5, 0.001, "abc", "", None, True, [], {}, float("nan"), float("inf"), 10**400],
)
def test_bad_minutes_name_the_field(minutes):
    with pytest.raises(ValidationFailed) as caught:
        validate_phases([{"name": "Fine", "minutes": 5}, {"name": "Bad", "minutes": minutes}])
    assert set(caught.value.fields) == {"phases[1].minutes"}
    assert "480" in caught.value.fields["phases[1].minutes"]


@pytest.mark.parametrize("name", ["", "   \n ", None, 42, "x" * 81])
def test_bad_names_name_the_field(name):
    with pytest.raises(ValidationFailed) as caught:
        validate_phases([{"name": name, "minutes": 5}])
    assert set(caught.value.fields) == {"phases[0].name"}


def test_a_non_dict_phase_names_both_fields_and_every_bad_phase_is_reported():
    with pytest.raises(ValidationFailed) as caught:
        validate_phases(["Intro", {"name": "ok", "minutes": 5}, {"name": "", "minutes": 0}])
    assert set(caught.value.fields) == {
        "phases[0].name",
        "phases[0].minutes",
        "phases[2].name",
        "phases[2].minutes",
    }


def test_name_of_80_characters_after_collapsing_is_accepted():
    assert validate_phases([{"name": " " + "x" * 40 + "   " + "y" * 39, "minutes": 1}])


@pytest.mark.parametrize("raw", [None, "Intro", {"name": "Intro", "minutes": 5}, 3])
def test_phases_must_be_a_list(raw):
    with pytest.raises(ValidationFailed) as caught:
        validate_phases(raw)
    assert "phases" in caught.value.fields


def test_at_most_30_phases():
    assert len(validate_phases([{"name": f"P{i}", "minutes": 1} for i in range(30)])) == 30
    with pytest.raises(ValidationFailed) as caught:
        validate_phases([{"name": "P", "minutes": 1}] * 31)
    assert "30" in caught.value.fields["phases"]


# --- transitions ----------------------------------------------------------------------------


def test_start_runs_the_first_phase_at_its_full_length():
    state = start(agenda(), T0)
    assert (state.index, state.ends_at, state.paused_remaining, state.finished) == (
        0,
        at(600),
        None,
        False,
    )
    assert len(state.history) == 1


def test_start_a_given_phase_and_jump_while_running():
    state = start(agenda(), T0, index=2)
    assert (state.index, state.ends_at) == (2, at(450))
    jumped = start(state, at(60), index=1)
    assert (jumped.index, jumped.ends_at) == (1, at(60 + 25 * 60))


def test_start_converts_other_time_zones_to_utc():
    helsinki = timezone(timedelta(hours=2))
    state = start(agenda(), datetime(2026, 3, 12, 11, 0, tzinfo=helsinki))
    assert state.ends_at == at(600)
    assert state.ends_at.tzinfo is UTC


def test_a_naive_clock_is_a_programming_error():
    with pytest.raises(ValueError):
        start(agenda(), datetime(2026, 3, 12, 9, 0))


def test_pause_freezes_and_resume_sets_ends_at_to_now_plus_remaining():
    paused = pause(start(agenda(), T0), at(100))
    assert paused.ends_at is None and paused.paused_remaining == 500
    assert snapshot(paused, at(100))["remaining_seconds"] == 500
    assert snapshot(paused, at(10_000))["remaining_seconds"] == 500
    assert snapshot(paused, at(10_000))["paused"] is True
    resumed = resume(paused, at(1000))
    assert resumed.ends_at == at(1500) and resumed.paused_remaining is None
    assert snapshot(resumed, at(1100))["remaining_seconds"] == 400


def test_pausing_an_overrun_phase_keeps_zero_remaining():
    paused = pause(start(agenda(), T0), at(700))
    assert paused.paused_remaining == 0
    assert resume(paused, at(800)).ends_at == at(800)


def test_extend_a_running_phase():
    state = extend(start(agenda(), T0), at(60), 5)
    assert state.ends_at == at(900)
    assert extend(state, at(60), "2,5").ends_at == at(1050)


def test_extend_an_overrun_phase_counts_from_now():
    state = extend(start(agenda(), T0), at(900), 5)
    assert state.ends_at == at(1200)


def test_extend_a_paused_phase_adds_to_the_frozen_time():
    state = extend(pause(start(agenda(), T0), at(100)), at(200), 7.5)
    assert state.paused_remaining == 500 + 450
    assert resume(state, at(300)).ends_at == at(300 + 950)


def test_skip_goes_to_the_next_phase_running_even_from_a_pause():
    state = skip(start(agenda(), T0), at(120))
    assert (state.index, state.ends_at) == (1, at(120 + 1500))
    state = skip(pause(state, at(200)), at(300))
    assert (state.index, state.ends_at, state.paused_remaining) == (2, at(300 + 450), None)


def test_skip_after_the_last_phase_finishes():
    state = skip(start(agenda(), T0, index=2), at(10))
    assert state.finished and state.index is None and state.ends_at is None
    view = snapshot(state, at(20))
    assert view["finished"] is True
    assert (view["index"], view["name"], view["next_name"], view["remaining_seconds"]) == (
        None,
        None,
        None,
        0,
    )
    assert view["overrun"] is False


def test_start_again_after_finishing():
    finished = skip(start(agenda(), T0, index=2), at(10))
    again = start(finished, at(20))
    assert (again.index, again.finished, again.ends_at) == (0, False, at(620))


def test_set_phases_before_start_while_running_and_after_finish():
    new = [{"name": "A", "minutes": 1}, {"name": "B", "minutes": 2}]
    assert set_phases(agenda(), new).phases == (Phase("A", 1), Phase("B", 2))
    running = start(agenda(), T0, index=1)
    changed = set_phases(running, new)
    assert (changed.index, changed.ends_at) == (1, running.ends_at)  # the timer is left alone
    assert changed.phases[1] == Phase("B", 2)
    finished = skip(start(agenda(), T0, index=2), at(1))
    assert set_phases(finished, new).finished


def test_set_phases_validates():
    err = rejected(set_phases, agenda(), [{"name": "A", "minutes": 0}])
    assert "phases[0].minutes" in err.fields


def test_set_phases_cannot_drop_the_current_phase():
    running = start(agenda(), T0, index=2)
    err = rejected(set_phases, running, PHASES[:2])
    assert "phases" in err.fields


# --- impossible steps and bad input ---------------------------------------------------------


def test_impossible_steps_change_nothing():
    fresh = agenda()
    running = start(fresh, T0)
    paused = pause(running, at(1))
    finished = skip(start(fresh, T0, index=2), at(1))
    assert "Start the agenda first" in rejected(pause, fresh, T0).message
    assert "Start the agenda first" in rejected(resume, fresh, T0).message
    assert "Start the agenda first" in rejected(skip, fresh, T0).message
    assert "Start the agenda first" in rejected(extend, fresh, T0, 5).message
    assert "already paused" in rejected(pause, paused, at(2)).message
    assert "already running" in rejected(resume, running, at(2)).message
    assert "already started" in rejected(start, running, at(2)).message
    for step, args in [(pause, ()), (resume, ()), (skip, ()), (extend, (5,))]:
        assert "finished" in rejected(step, finished, at(2), *args).message


def test_start_needs_phases_and_a_valid_index():
    assert "phases" in rejected(start, AgendaState(), T0).fields
    for index in (-1, 3, "1", 1.0, True):
        assert "index" in rejected(start, agenda(), T0, index).fields


@pytest.mark.parametrize("minutes", [0, -5, 481, "abc", None, True, float("nan")])
def test_extend_by_bad_minutes_names_the_field(minutes):
    err = rejected(extend, start(agenda(), T0), at(1), minutes)
    assert set(err.fields) == {"minutes"}


def test_nothing_to_undo():
    with pytest.raises(ValidationFailed) as caught:
        back(agenda())
    assert caught.value.message == "Nothing to undo."
    assert snapshot(agenda(), T0)["can_undo"] is False


# --- undo -----------------------------------------------------------------------------------


def steps_of_every_kind():
    """Yield (label, state before, state after) for one step of each kind."""
    fresh = agenda()
    running = start(fresh, T0)
    paused = pause(running, at(100))
    finished = skip(start(fresh, T0, index=2), at(1))
    yield "start", fresh, running
    yield "start index", running, start(running, at(50), index=2)
    yield "pause", running, paused
    yield "resume", paused, resume(paused, at(400))
    yield "extend running", running, extend(running, at(100), 5)
    yield "extend paused", paused, extend(paused, at(200), 5)
    yield "skip", running, skip(running, at(100))
    yield "skip to finish", start(fresh, T0, index=2), finished
    yield "restart", finished, start(finished, at(5))
    yield "set phases", running, set_phases(running, [{"name": "New", "minutes": 3}])


@pytest.mark.parametrize("label, before, after", list(steps_of_every_kind()))
def test_back_restores_the_state_before_each_kind_of_step(label, before, after):
    assert after != before
    assert back(after) == before
    assert stored(back(after)) == stored(before)


def test_undo_of_skip_returns_to_the_phase_with_its_clock():
    running = start(agenda(), T0)
    undone = back(skip(running, at(120)))
    assert (undone.index, undone.ends_at) == (0, at(600))
    assert snapshot(undone, at(130))["remaining_seconds"] == 470


def test_history_is_bounded_and_forgets_the_oldest():
    state = start(agenda(), T0)
    for i in range(HISTORY_LIMIT + 10):
        state = extend(state, at(i), 1)
    assert len(state.history) == HISTORY_LIMIT
    for _ in range(HISTORY_LIMIT):
        state = back(state)
    assert state.index == 0 and not state.history
    assert state.ends_at == at(600 + 10 * 60)  # the first ten extends can no longer be undone


# --- snapshot -------------------------------------------------------------------------------


def test_snapshot_of_a_running_phase():
    state = start(agenda(), T0)
    assert snapshot(state, at(0.5)) == {
        "index": 0,
        "name": "Intro",
        "minutes": 10,
        "ends_at": "2026-03-12T09:10:00.000Z",
        "paused": False,
        "remaining_seconds": 600,
        "overrun": False,
        "next_name": "Ideation",
        "finished": False,
        "server_now": "2026-03-12T09:00:00.500Z",
        "phases": PHASES,
        "can_undo": True,
    }
    view = json.loads(json.dumps(snapshot(state, at(1))))
    assert datetime.fromisoformat(view["ends_at"]) == at(600)


def test_snapshot_before_start_shows_the_first_phase_as_next():
    view = snapshot(agenda(), T0)
    assert (view["index"], view["name"], view["ends_at"], view["next_name"]) == (
        None,
        None,
        None,
        "Intro",
    )
    assert (view["paused"], view["overrun"], view["finished"], view["remaining_seconds"]) == (
        False,
        False,
        False,
        0,
    )


def test_overrun_after_ends_at_with_remaining_clamped_to_zero():
    state = start(agenda(), T0, index=2)
    assert snapshot(state, at(449.5))["overrun"] is False
    assert snapshot(state, at(449.5))["remaining_seconds"] == 1
    for moment in (at(450), at(451), at(10_000)):
        view = snapshot(state, moment)
        assert view["overrun"] is True and view["remaining_seconds"] == 0
        assert view["next_name"] is None


def test_snapshot_of_a_paused_phase_has_no_ends_at():
    view = snapshot(pause(start(agenda(), T0), at(99.25)), at(5000))
    assert view["paused"] is True and view["ends_at"] is None
    assert view["remaining_seconds"] == 501  # 500.75 rounded up, as a countdown shows it


# --- storage --------------------------------------------------------------------------------


def test_round_trip_through_json():
    state = start(agenda(), at(0.123456))
    state = pause(extend(state, at(7.654321), 2.5), at(30.5))
    state = set_phases(state, [{"name": "Intro", "minutes": 12}, {"name": "Next", "minutes": 1}])
    state = skip(resume(state, at(40)), at(41))
    assert AgendaState.from_dict(stored(state)) == state
    assert AgendaState.from_dict(stored(AgendaState())) == AgendaState()


def test_history_stores_phases_only_when_they_changed():
    state = set_phases(pause(start(agenda(), T0), at(1)), [{"name": "X", "minutes": 1}])
    entries = stored(state)["history"]
    assert ["phases" in entry for entry in entries] == [False, False, True]
    assert AgendaState.from_dict(stored(state)) == state


GOOD = stored(pause(start(agenda(), T0), at(1)))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        [],
        "agenda",
        42,
        {"phases": "nope"},
        {**GOOD, "phases": [{"name": "", "minutes": 5}]},
        {**GOOD, "index": 7},
        {**GOOD, "index": "0"},
        {**GOOD, "index": True},
        {**GOOD, "finished": "no"},
        {**GOOD, "finished": True},
        {**GOOD, "paused_remaining": None},  # neither running nor paused
        {**GOOD, "paused_remaining": -1},
        {**GOOD, "paused_remaining": "5"},
        {**GOOD, "paused_remaining": float("nan")},
        {**GOOD, "ends_at": "2026-03-12T09:00:00"},  # naive and paused at once
        {**GOOD, "paused_remaining": None, "ends_at": "2026-03-12T09:00:00"},  # naive
        {**GOOD, "paused_remaining": None, "ends_at": "yesterday"},
        {**GOOD, "paused_remaining": None, "ends_at": 1234},
        {**GOOD, "history": "lots"},
        {**GOOD, "history": [1, 2]},
        {**GOOD, "history": [{"index": None}]},
        {**GOOD, "history": [GOOD] * (HISTORY_LIMIT + 1)},
    ],
)
def test_garbage_in_storage_gives_the_initial_state(data):
    assert AgendaState.from_dict(data) == AgendaState()


def test_stored_data_that_is_good_loads():
    assert AgendaState.from_dict(GOOD) == pause(start(agenda(), T0), at(1))


# --- property -------------------------------------------------------------------------------

phase_lists = st.lists(
    st.fixed_dictionaries(
        {
            "name": st.sampled_from(["Intro", "Ideas", "Break", "Vote"]),
            "minutes": st.sampled_from([1, 2.5, 10, 480]),
        }
    ),
    min_size=1,
    max_size=4,
)
# (kind, index for start, minutes for extend, phases for set_phases): the kind is drawn
# evenly, which st.one_of would not do (it favours the richer set_phases branch).
steps = st.tuples(
    st.sampled_from(["start", "pause", "resume", "extend", "skip", "set_phases"]),
    st.none() | st.integers(-1, 4),
    st.sampled_from([0.5, 1, 30, 480, 0, -1]),
    phase_lists,
)


def apply(state: AgendaState, now: datetime, step: tuple) -> AgendaState:
    kind, index, minutes, phases = step
    if kind == "start":
        return start(state, now, index)
    if kind == "extend":
        return extend(state, now, minutes)
    if kind == "set_phases":
        return set_phases(state, phases)
    return {"pause": pause, "resume": resume, "skip": skip}[kind](state, now)


@settings(max_examples=150, deadline=None)
@given(
    initial_phases=phase_lists,
    plan=st.lists(
        st.tuples(steps, st.floats(0, 2000), st.floats(0, 40_000)), min_size=3, max_size=25
    ),
)
def test_any_valid_steps_undo_back_to_the_initial_state(initial_phases, plan):
    initial = AgendaState(phases=tuple(validate_phases(initial_phases)))
    state, now, done = initial, T0, 0
    for step, wait, look_ahead in plan:
        now += timedelta(seconds=wait)
        before = stored(state)
        try:
            state = apply(state, now, step)
            done += 1
        except ValidationFailed:
            assert stored(state) == before
        view = snapshot(state, now + timedelta(seconds=look_ahead))
        assert view["remaining_seconds"] >= 0
        assert view["can_undo"] == (done > 0)
        assert json.loads(json.dumps(view)) == view
        assert AgendaState.from_dict(stored(state)) == state
    for _ in range(done):
        state = back(state)
    assert state == initial
    with pytest.raises(ValidationFailed):
        back(state)
