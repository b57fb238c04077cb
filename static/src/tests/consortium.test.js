// What the idea panel's consortium block shows for a summary (static/src/consortium.js).
// Run: npm test

import assert from "node:assert/strict";
import { test } from "node:test";

import { describeConsortium } from "../consortium.js";

const t = {
  role_lead: "lead organisation",
  role_partner: "partner",
  written: "written as “{text}”",
  unknown: "Unknown organisation: {name}",
  live: "Consortium: {recognised} recognised, {unknown} unknown, {reached} of {total} helixes reached.",
  live_empty: "Consortium: no organisations named yet.",
  helix: {
    business: "Business",
    research_education: "Research and education",
    public_sector: "Public sector",
    civil_society: "Civil society",
  },
};
const types = { research: "University or research institute", company: "Company" };
const uni = { id: 1, name: "Lapin yliopisto", org_type: "research", helix: "research_education" };
const firm = { id: 2, name: "Revontuli Oy", org_type: "company", helix: "business" };

test("recognised organisations come with their type, role and what was written", () => {
  const view = describeConsortium(
    {
      lead: [{ text: "Lapin yliopiston", organisation: uni }],
      partners: [
        { text: "revontuli  OY", organisation: firm },
        { text: "Tuntematon Säätiö", organisation: null },
      ],
      helixes: ["research_education", "business"],
      missing_helixes: ["public_sector", "civil_society"],
      unknown: ["Tuntematon Säätiö"],
    },
    t,
    types,
  );
  assert.deepEqual(view.recognised, [
    {
      name: "Lapin yliopisto",
      type: "research",
      typeLabel: "University or research institute",
      role: "lead organisation",
      written: "written as “Lapin yliopiston”",
    },
    // Only case and spacing differ: nothing to tell.
    { name: "Revontuli Oy", type: "company", typeLabel: "Company", role: "partner", written: "" },
  ]);
  // Helixes in the canonical order, whatever order they came in.
  assert.deepEqual(view.present.map((h) => h.label), ["Business", "Research and education"]);
  assert.deepEqual(view.present.map((h) => h.colour), ["company", "research"]);
  assert.deepEqual(view.missing.map((h) => h.key), ["public_sector", "civil_society"]);
  assert.deepEqual(view.unknown, ["Unknown organisation: Tuntematon Säätiö"]);
  assert.equal(view.live, "Consortium: 2 recognised, 1 unknown, 2 of 4 helixes reached.");
  assert.equal(view.empty, false);
});

test("an idea naming nobody says so and misses every helix", () => {
  const view = describeConsortium({ lead: [], partners: [], helixes: [], unknown: [] }, t, types);
  assert.equal(view.empty, true);
  assert.equal(view.live, "Consortium: no organisations named yet.");
  assert.equal(view.missing.length, 4);
  assert.deepEqual(view.present, []);
});

test("only unknown names: nothing recognised, counted in the spoken summary", () => {
  const view = describeConsortium(
    { lead: [{ text: "Lap", organisation: null }], partners: [], helixes: [], unknown: ["Lap"] },
    t,
    types,
  );
  assert.deepEqual(view.recognised, []);
  assert.equal(view.live, "Consortium: 0 recognised, 1 unknown, 0 of 4 helixes reached.");
});

test("the same organisation twice in one role is listed once; placeholders in names stay text", () => {
  const view = describeConsortium(
    {
      lead: [],
      partners: [
        { text: "Lapin yliopisto", organisation: uni },
        { text: "Lapin yliopistossa", organisation: uni },
      ],
      helixes: ["research_education", "nonsense"],
      unknown: ["{name} <b>", 7, null],
    },
    t,
    types,
  );
  assert.equal(view.recognised.length, 1);
  assert.deepEqual(view.present.map((h) => h.key), ["research_education"]);
  assert.deepEqual(view.unknown, ["Unknown organisation: {name} <b>"]);
});

test("a missing or malformed summary shows an empty consortium", () => {
  for (const summary of [null, undefined, "x", { lead: "x", partners: 3 }]) {
    const view = describeConsortium(summary, t, types);
    assert.equal(view.empty, true);
    assert.deepEqual(view.recognised, []);
  }
});
