// Where a carried draft came from, as the idea panel words it (static/src/provenance.js).
// Run: npm test

import assert from "node:assert/strict";
import { test } from "node:test";

import { provenanceLines } from "../provenance.js";

const T = { carried_from: "Carried from {event}, table {table} (votes: {votes})" };

test("each carry is a line, oldest first, with the names as they were", () => {
  const carried = [
    { workshop_title: "Kemi sprint", table: "2.1", votes: 5 },
    { workshop_title: "<b>Syyskuu</b>", table: "", votes: 0 },
  ];
  assert.deepEqual(provenanceLines(carried, T), [
    "Carried from Kemi sprint, table 2.1 (votes: 5)",
    "Carried from <b>Syyskuu</b>, table – (votes: 0)",
  ]);
});

test("a draft begun here, or a malformed answer, shows nothing", () => {
  assert.deepEqual(provenanceLines([], T), []);
  assert.deepEqual(provenanceLines(null, T), []);
  assert.deepEqual(provenanceLines([null, "x"], T), []);
  assert.deepEqual(provenanceLines([{ workshop_title: 3, votes: "5" }], T), [
    "Carried from –, table – (votes: 0)",
  ]);
});
