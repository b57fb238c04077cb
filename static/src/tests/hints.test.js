// The "similar project" hints' data and text (static/src/hints-format.js). Run: npm test

import assert from "node:assert/strict";
import { test } from "node:test";

import { hintItems, hintsKey, projectDetails, safeLink } from "../hints-format.js";

const RELATED = {
  projects: [
    { id: 3, title: "Kylmätestaus", organisation: "Lapin AMK", period: "2024–2026", link: "", score: 0.6 },
    { id: "4", title: "not an id" },
    { id: 5 },
  ],
  ideas: [{ id: 9, title: "Testiradat", table_id: 2, table_name: "2.1", score: 0.5 }],
};

test("hints are the projects, then the drafts; malformed entries are left out", () => {
  const items = hintItems(RELATED);
  assert.deepEqual(items.map((h) => [h.kind, h.id]), [["project", 3], ["idea", 9]]);
  assert.deepEqual(hintItems(null), []);
  assert.deepEqual(hintItems({ projects: "x", ideas: [null] }), []);
});

test("a project's details leave out what the survey did not say", () => {
  assert.equal(projectDetails({ organisation: "Lapin AMK", period: "2024–2026" }), " — Lapin AMK, 2024–2026");
  assert.equal(projectDetails({ organisation: " Lapin AMK ", period: "" }), " — Lapin AMK");
  assert.equal(projectDetails({ period: "2025" }), " — 2025");
  assert.equal(projectDetails({ organisation: null }), "");
  assert.equal(
    projectDetails({ organisation: "Kittilän kunta", period: "2025–2027", status: "suunnitteilla" }),
    " — Kittilän kunta, 2025–2027, suunnitteilla",
  );
});

test("a known status is said in the page's language, another one as the survey wrote it", () => {
  const english = { running: "running", planned: "planned", ended: "ended" };
  assert.equal(
    projectDetails({ organisation: "Kittilän kunta", status: "suunnitteilla", status_key: "planned" }, english),
    " — Kittilän kunta, planned",
  );
  assert.equal(projectDetails({ status: "haettu", status_key: null }, english), " — haettu");
  assert.equal(projectDetails({ status: "käynnissä", status_key: "running" }), " — käynnissä");
});

test("only web addresses become links", () => {
  assert.equal(safeLink("https://example.fi/hanke"), "https://example.fi/hanke");
  assert.equal(safeLink(" http://example.fi "), "http://example.fi/");
  for (const bad of ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "//example.fi", "example.fi", "", null, "https://"]) {
    assert.equal(safeLink(bad), null, String(bad));
  }
});

test("the key changes with what is shown, not with the scores", () => {
  const items = hintItems(RELATED);
  const rescored = hintItems({ ...RELATED, projects: [{ ...RELATED.projects[0], score: 0.9 }], ideas: RELATED.ideas });
  assert.equal(hintsKey(items), hintsKey(rescored));
  const renamed = hintItems({ projects: [], ideas: [{ ...RELATED.ideas[0], table_name: "3.1" }] });
  assert.notEqual(hintsKey(hintItems({ projects: [], ideas: RELATED.ideas })), hintsKey(renamed));
});
