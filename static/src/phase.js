// The agenda's current phase and its countdown, as the participant's page, the facilitator's
// overview and the projector show it. The `phase` payload is workshop/agenda.py snapshot():
//   {index, name, minutes, ends_at, paused, remaining_seconds, overrun, next_name, finished,
//    server_now, phases, can_undo}
// The browser's clock may be off by minutes: the remaining time is counted against the
// server's clock, estimated as Date.now() + (server_now − the moment the payload arrived).
//
// The pure functions below are tested in Node (static/src/tests/phase.test.js); PhaseClock
// binds them to the DOM.

/** Milliseconds to add to Date.now() to get the server's clock. */
export function clockOffset(serverNow, receivedAt) {
  const server = Date.parse(serverNow || "");
  return Number.isFinite(server) ? server - receivedAt : 0;
}

/**
 * The state of the phase at local time `now` (ms), with the clock offset in ms:
 * {mode: "idle" | "finished" | "running" | "paused" | "overrun", seconds, overrunSeconds}
 * `seconds` is the time left, rounded up (what a countdown shows); never negative.
 */
export function phaseStatus(phase, offset = 0, now = Date.now()) {
  if (!phase || phase.index == null) {
    return { mode: phase?.finished ? "finished" : "idle", seconds: 0, overrunSeconds: 0 };
  }
  if (phase.paused) {
    const seconds = Math.max(0, Math.ceil(Number(phase.remaining_seconds) || 0));
    return { mode: "paused", seconds, overrunSeconds: 0 };
  }
  const ends = Date.parse(phase.ends_at || "");
  if (!Number.isFinite(ends)) {
    return { mode: "idle", seconds: 0, overrunSeconds: 0 };
  }
  const leftMs = ends - (now + offset);
  if (leftMs <= 0) {
    return { mode: "overrun", seconds: 0, overrunSeconds: Math.max(0, Math.floor(-leftMs / 1000)) };
  }
  return { mode: "running", seconds: Math.ceil(leftMs / 1000), overrunSeconds: 0 };
}

/** "4:05", "12:00", "1:02:03"; negative values are shown as their size. */
export function formatClock(totalSeconds) {
  const value = Math.max(0, Math.floor(Math.abs(Number(totalSeconds) || 0)));
  const hours = Math.floor(value / 3600);
  const minutes = Math.floor((value % 3600) / 60);
  const seconds = value % 60;
  const ss = String(seconds).padStart(2, "0");
  if (hours) return `${hours}:${String(minutes).padStart(2, "0")}:${ss}`;
  return `${minutes}:${ss}`;
}

/** Fill "{name}" placeholders (like dom.js's format, without the DOM import). */
function fill(template, params) {
  return String(template || "").replace(/\{(\w+)\}/g, (whole, key) => (key in params ? String(params[key]) : whole));
}

const PULSE_MS = 6000; // how long the cue at zero lasts

/**
 * Shows a phase in a box of elements found by data attributes inside `root`:
 *   [data-phase-name]   the phase's name (or "No phase running")
 *   [data-phase-clock]  the countdown (role="timer" in the markup)
 *   [data-phase-note]   paused / time is up / next phase
 *   [data-phase-live]   optional polite live region: says "Time is up" once, new phases
 * `root.dataset.phaseMode` carries the mode for CSS; `.is-pulsing` for a moment at zero.
 * Strings: phase_none, phase_finished, phase_paused, phase_time_up, phase_next ("{name}"),
 * phase_started ("{name}"), phase_over_by ("{time}").
 */
export class PhaseClock {
  constructor(root, strings, { tickMs = 250, onTick = null, onTimeUp = null } = {}) {
    this.root = root;
    this.t = strings;
    this.nameEl = root.querySelector("[data-phase-name]");
    this.clockEl = root.querySelector("[data-phase-clock]");
    this.noteEl = root.querySelector("[data-phase-note]");
    this.liveEl = root.querySelector("[data-phase-live]");
    this.phase = null;
    this.offset = 0;
    this.lastMode = null;
    this.lastKey = null;
    this.pulseTimer = null;
    this.onTick = onTick;
    this.onTimeUp = onTimeUp; // called once when the time runs out while we watch
    this.timer = setInterval(() => this.render(), tickMs);
  }

  /** A `phase` payload arrived (now, or at `receivedAt` ms). */
  update(phase, receivedAt = Date.now()) {
    if (!phase || typeof phase !== "object") return;
    this.phase = phase;
    this.offset = clockOffset(phase.server_now, receivedAt);
    this.render();
  }

  status(now = Date.now()) {
    return phaseStatus(this.phase, this.offset, now);
  }

  render() {
    const phase = this.phase;
    const status = this.status();
    const t = this.t;
    const key = phase ? `${phase.index}|${phase.name}|${phase.finished}` : "";
    let name;
    if (status.mode === "idle") name = t.phase_none;
    else if (status.mode === "finished") name = t.phase_finished;
    else name = phase.name || "";
    setText(this.nameEl, name);
    const clock = status.mode === "idle" || status.mode === "finished"
      ? ""
      : status.mode === "overrun"
        ? `+${formatClock(status.overrunSeconds)}`
        : formatClock(status.seconds);
    setText(this.clockEl, clock);
    if (this.clockEl) this.clockEl.hidden = !clock;
    let note = "";
    if (status.mode === "paused") note = t.phase_paused;
    else if (status.mode === "overrun") note = t.phase_time_up;
    else if (status.mode === "running" && phase.next_name) note = fill(t.phase_next, { name: phase.next_name });
    setText(this.noteEl, note);
    this.root.dataset.phaseMode = status.mode;

    // A gentle cue when the time runs out while we watch (not on a page opened afterwards).
    if (status.mode === "overrun" && this.lastMode === "running" && key === this.lastKey) {
      this.pulse();
      setText(this.liveEl, t.phase_time_up);
      if (this.onTimeUp) this.onTimeUp();
    } else if (key !== this.lastKey && this.lastKey !== null && status.mode === "running") {
      setText(this.liveEl, fill(t.phase_started, { name: phase.name || "" }));
    }
    this.lastMode = status.mode;
    this.lastKey = key;
    if (this.onTick) this.onTick(status);
  }

  pulse() {
    this.root.classList.add("is-pulsing");
    clearTimeout(this.pulseTimer);
    this.pulseTimer = setTimeout(() => this.root.classList.remove("is-pulsing"), PULSE_MS);
  }

  destroy() {
    clearInterval(this.timer);
    clearTimeout(this.pulseTimer);
  }
}

function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}
