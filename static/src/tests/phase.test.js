// The countdown's arithmetic (static/src/phase.js) and the projector's layout
// (static/src/projector-layout.js), and the overview's small pure helpers. Run: npm test

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  membersByType, movesOfPresent, percent, plural, reasonText, relativeTime, typeCounts,
} from "../overview-common.js";
import { clockOffset, formatClock, PhaseClock, phaseStatus } from "../phase.js";
import { chooseLayout } from "../projector-layout.js";

const T0 = Date.parse("2026-12-03T10:00:00.000Z");

function running(endsAt, extra = {}) {
  return { index: 0, name: "Ideointi", ends_at: endsAt, paused: false, remaining_seconds: 0, finished: false, ...extra };
}

test("the clock offset is the server's time minus the local time at receipt", () => {
  assert.equal(clockOffset("2026-12-03T10:00:05.000Z", T0), 5000);
  assert.equal(clockOffset("2026-12-03T09:59:58.500Z", T0), -1500);
  assert.equal(clockOffset(null, T0), 0);
  assert.equal(clockOffset("not a time", T0), 0);
});

test("a running phase counts down against the server's clock", () => {
  const phase = running("2026-12-03T10:10:00.000Z");
  // Local clock equal to the server's: 10 minutes left.
  assert.deepEqual(phaseStatus(phase, 0, T0), { mode: "running", seconds: 600, overrunSeconds: 0 });
  // The laptop's clock is 2 minutes slow: the offset puts it right.
  const slow = T0 - 120_000;
  assert.equal(phaseStatus(phase, clockOffset("2026-12-03T10:00:00.000Z", slow), slow).seconds, 600);
  // Partial seconds round up: 0.2 s left still shows 0:01.
  assert.equal(phaseStatus(phase, 0, T0 + 599_800).seconds, 1);
});

test("at zero and after it the phase is overrun, counting the time over", () => {
  const phase = running("2026-12-03T10:10:00.000Z");
  assert.deepEqual(phaseStatus(phase, 0, T0 + 600_000), { mode: "overrun", seconds: 0, overrunSeconds: 0 });
  assert.deepEqual(phaseStatus(phase, 0, T0 + 665_400), { mode: "overrun", seconds: 0, overrunSeconds: 65 });
});

test("a paused phase shows its remaining seconds frozen, whatever the clock", () => {
  const phase = running(null, { paused: true, remaining_seconds: 125 });
  assert.deepEqual(phaseStatus(phase, 0, T0), { mode: "paused", seconds: 125, overrunSeconds: 0 });
  assert.deepEqual(phaseStatus(phase, 99_999, T0 + 3_600_000), { mode: "paused", seconds: 125, overrunSeconds: 0 });
});

test("no phase, a finished agenda and missing data are idle or finished", () => {
  assert.equal(phaseStatus(null).mode, "idle");
  assert.equal(phaseStatus({ index: null, finished: false }).mode, "idle");
  assert.equal(phaseStatus({ index: null, finished: true }).mode, "finished");
  assert.equal(phaseStatus({ index: 0, paused: false, ends_at: null }).mode, "idle");
});

test("the clock reads m:ss, or h:mm:ss from an hour up", () => {
  assert.equal(formatClock(0), "0:00");
  assert.equal(formatClock(5), "0:05");
  assert.equal(formatClock(600), "10:00");
  assert.equal(formatClock(3599), "59:59");
  assert.equal(formatClock(3600), "1:00:00");
  assert.equal(formatClock(3723), "1:02:03");
  assert.equal(formatClock(-65), "1:05");
  assert.equal(formatClock(Number.NaN), "0:00");
});

// -- the projector's layout ------------------------------------------------------------------

const SCREEN = { width: 1880, height: 840, gap: 12 }; // the grid's area on 1920×1080

function cardSize(layout, { width, height, gap }) {
  return {
    w: (width - gap * (layout.cols - 1)) / layout.cols,
    h: (height - gap * (layout.rows - 1)) / layout.rows,
  };
}

test("4 to 24 tables all get a cell of their own, none shared, none outside the grid", () => {
  for (let count = 4; count <= 24; count++) {
    for (const groups of [[count], [Math.ceil(count / 2), Math.floor(count / 2)], splitInto(count, 4)]) {
      const layout = chooseLayout({ groups, ...SCREEN });
      assert.equal(layout.cells.length, count, `${groups}`);
      const seen = new Set();
      for (const { col, row } of layout.cells) {
        assert.ok(col >= 1 && col <= layout.cols && row >= 1 && row <= layout.rows, `${groups}: ${col},${row}`);
        const key = `${col},${row}`;
        assert.ok(!seen.has(key), `${groups}: ${key} twice`);
        seen.add(key);
      }
      const { w, h } = cardSize(layout, SCREEN);
      assert.ok(w >= 280 && h >= 150, `${groups}: cards of ${w}×${h} are too small`);
    }
  }
});

test("12 tables in 4 priorities: one column per priority, 4 × 3", () => {
  const layout = chooseLayout({ groups: [3, 3, 3, 3], ...SCREEN });
  assert.equal(layout.mode, "columns");
  assert.deepEqual([layout.cols, layout.rows], [4, 3]);
  assert.deepEqual(layout.cells.slice(0, 4), [
    { col: 1, row: 1 }, { col: 1, row: 2 }, { col: 1, row: 3 }, { col: 2, row: 1 },
  ]);
});

test("24 tables in 2 priorities flow row by row instead of two tall columns", () => {
  const layout = chooseLayout({ groups: [12, 12], ...SCREEN });
  assert.equal(layout.mode, "flow");
  assert.equal(layout.cols * layout.rows >= 24, true);
  assert.ok(layout.cols >= 5 && layout.rows <= 5, JSON.stringify(layout));
});

test("no tables, or empty priorities, lay out without errors", () => {
  assert.deepEqual(chooseLayout({ groups: [], ...SCREEN }).cells, []);
  assert.equal(chooseLayout({ groups: [0, 2, 0, 2], ...SCREEN }).cells.length, 4);
});

function splitInto(count, parts) {
  return Array.from({ length: parts }, (_, i) => Math.floor(count / parts) + (i < count % parts ? 1 : 0));
}

// -- overview helpers ------------------------------------------------------------------------

test("plural forms pick one for 1 and other otherwise", () => {
  const forms = ["{count} henkilö", "{count} henkilöä"];
  assert.equal(plural(forms, 1), "1 henkilö");
  assert.equal(plural(forms, 0), "0 henkilöä");
  assert.equal(plural(forms, 5), "5 henkilöä");
});

test("reasons are read in the page's language, falling back to Finnish", () => {
  const reason = { code: "no_business", text: { fi: "Pöydässä ei ole yrityksiä", en: "No companies at this table" } };
  assert.equal(reasonText(reason, "en"), "No companies at this table");
  assert.equal(reasonText(reason, "sv"), "Pöydässä ei ole yrityksiä");
  assert.equal(reasonText({ msgid: "Missing: %(helixes)s" }, "en"), "Missing: %(helixes)s");
});

test("organisation types come in the canonical order", () => {
  assert.deepEqual(typeCounts({ civil_society: 1, company: 2, zzz: 1, municipality: 0, research: 1 }), [
    ["company", 2], ["research", 1], ["civil_society", 1], ["zzz", 1],
  ]);
  const groups = membersByType([
    { name: "A", org_type: "municipality" }, { name: "B", org_type: "company" }, { name: "C", org_type: "company" },
  ]);
  assert.deepEqual(groups.map(([type, people]) => [type, people.map((p) => p.name)]), [
    ["company", ["B", "C"]], ["municipality", ["A"]],
  ]);
});

test("completeness is a whole percentage and times are relative", () => {
  assert.equal(percent(0.333), 33);
  assert.equal(percent(1.2), 100);
  assert.equal(percent(undefined), 0);
  const now = Date.parse("2026-12-03T10:00:00Z");
  assert.equal(relativeTime("2026-12-03T09:57:00Z", "en", now), "3 minutes ago");
  assert.equal(relativeTime("2026-12-03T09:59:58Z", "en", now), "now");
  assert.equal(relativeTime(null, "en", now), "");
});

test("suggested moves drop the people the overview no longer shows (removed or erased)", () => {
  const overview = { priorities: [{ tables: [{ id: 1, members: [{ id: 7 }] }, { id: 2, members: [] }] }] };
  const suggestions = [
    { priority_id: 1, moves: [{ participant_id: 7, name: "Aino" }, { participant_id: 9, name: "Eeva" }] },
  ];
  const kept = movesOfPresent(suggestions, overview);
  assert.deepEqual(kept[0].moves.map((m) => m.name), ["Aino"]);
  assert.equal(suggestions[0].moves.length, 2); // the list given is not changed
  assert.equal(movesOfPresent(null, overview), null);
});

test("the clock calls onTimeUp once when the time runs out while it is watched", (t) => {
  t.mock.timers.enable({ apis: ["setInterval", "setTimeout", "Date"], now: T0 });
  const classes = new Set();
  const root = {
    dataset: {},
    querySelector: () => null,
    classList: { add: (c) => classes.add(c), remove: (c) => classes.delete(c) },
  };
  let chimes = 0;
  const clock = new PhaseClock(root, { phase_time_up: "Time is up" }, { onTimeUp: () => (chimes += 1) });
  clock.update({ ...running("2026-12-03T10:00:02.000Z"), server_now: "2026-12-03T10:00:00.000Z" });
  assert.equal(root.dataset.phaseMode, "running");
  t.mock.timers.tick(3000); // the countdown passes zero
  assert.equal(root.dataset.phaseMode, "overrun");
  assert.equal(chimes, 1);
  assert.ok(classes.has("is-pulsing"));
  t.mock.timers.tick(3000); // still overrun: no second chime
  assert.equal(chimes, 1);
  clock.destroy();
});
