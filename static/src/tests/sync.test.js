// The browser's sync protocol (static/src/sync.js) against a fake server and a bad network.
// Run: npm test

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

import * as Y from "yjs";

import { IdeaSession, cleanUser, hasStructs } from "../sync.js";
import { FakeServer, FakeTransport, rng } from "./fake-server.js";

const IDEA = 7;
const FAST = {
  flushMs: 5,
  awarenessMs: 5,
  openTimeoutMs: 200,
  updateTimeoutMs: 200,
  awarenessTimeoutMs: 200,
  retryMinMs: 5,
  retryMaxMs: 40,
};

const made = [];
afterEach(() => {
  for (const client of made.splice(0)) client.session.destroy();
});

function client(server, name, options = {}) {
  const transport = new FakeTransport(server, options);
  const errors = [];
  const session = new IdeaSession({
    ideaId: IDEA,
    transport,
    user: { name, color: "#123456", id: made.length + 1 },
    timing: FAST,
    onError: (_s, code) => errors.push(code),
    // As the page does: an ack that never came means a dead connection; reconnect.
    onStuck: () => {
      if (!transport.connected) return;
      c.offline();
      setTimeout(() => c.online(), 1);
    },
  });
  transport.on("idea_update", (p) => session.receiveUpdate(p.update));
  transport.on("awareness", (p) => session.receiveAwareness(p.states));
  const c = {
    transport,
    session,
    errors,
    text: (key = "need") => session.text(key).toString(),
    offline() {
      transport.disconnect();
      session.disconnected();
    },
    online() {
      transport.reconnect();
      return session.sync();
    },
  };
  made.push(c);
  return c;
}

async function until(check, ms = 3000, what = "condition") {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await sleep(5);
  }
  assert.fail(`timed out waiting for ${what}`);
}

const settled = (...clients) => () => clients.every((c) => c.session.synced && !c.session.unsaved);

test("two people typing in one field at once end with the same text, the server too", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  const b = client(server, "B");
  assert.equal(await a.session.sync(), true);
  assert.equal(await b.session.sync(), true);
  for (let i = 0; i < 20; i++) {
    a.session.text("need").insert(a.text().length, "a");
    b.session.text("need").insert(0, "b");
    await sleep(1);
  }
  await until(settled(a, b), 3000, "both saved");
  await until(() => a.text() === b.text() && server.text("need") === a.text(), 3000, "convergence");
  assert.equal(a.text().replaceAll("b", ""), "a".repeat(20));
  assert.equal(a.text().replaceAll("a", ""), "b".repeat(20));
});

test("an update travels as base64 text (one WebSocket frame), and a peer applies it", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  const b = client(server, "B");
  await Promise.all([a.session.sync(), b.session.sync()]);
  const payloads = [];
  const request = a.transport.request.bind(a.transport);
  a.transport.request = (event, payload, timeoutMs) => {
    if (event === "update_idea") payloads.push(payload);
    return request(event, payload, timeoutMs);
  };
  a.session.text("need").insert(0, "Kylmätestaus ❄");
  await until(() => b.text() === "Kylmätestaus ❄", 3000, "the peer's text");
  assert.ok(payloads.length >= 1);
  for (const payload of payloads) assert.equal(typeof payload.update, "string");
  assert.equal(server.text("need"), "Kylmätestaus ❄");
});

test("local edits are coalesced: fewer update_idea messages than keystrokes", async () => {
  const server = new FakeServer();
  const a = client(server, "A", { latency: 1 });
  await a.session.sync();
  for (let i = 0; i < 100; i++) a.session.text("need").insert(i, "x");
  await until(settled(a));
  const updates = a.transport.sent.filter((e) => e === "update_idea").length;
  assert.ok(updates <= 3, `sent ${updates} updates for 100 synchronous keystrokes`);
  assert.equal(server.text("need"), "x".repeat(100));
});

test("changes made offline are kept and reach the server after reconnecting", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  const b = client(server, "B");
  await a.session.sync();
  await b.session.sync();
  a.session.text("need").insert(0, "shared ");
  await until(() => b.text() === "shared ");

  a.offline();
  a.session.text("need").insert(a.text().length, "offline-a");
  b.session.text("need").insert(0, "online-b ");
  await sleep(30);
  assert.equal(a.session.unsaved, true);
  assert.equal(server.text("need").includes("offline-a"), false);

  assert.equal(await a.online(), true);
  await until(settled(a, b));
  await until(() => a.text() === b.text() && b.text() === server.text("need"));
  assert.equal(a.text(), "online-b shared offline-a");
});

test("an update whose ack was lost is sent again and not duplicated", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  await a.session.sync();
  a.transport.dropAcks = 1;
  a.session.text("need").insert(0, "once");
  await until(() => server.text("need") === "once", 1000, "server has it");
  assert.equal(a.session.unsaved, true); // no ack yet
  a.transport.dropAcks = 0;
  await until(settled(a), 2000, "acknowledged after a retry");
  assert.equal(server.text("need"), "once");
  assert.equal(a.text(), "once");
});

test("a server restart loses nothing that was acknowledged; unacknowledged changes resync", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  await a.session.sync();
  a.session.text("need").insert(0, "kept ");
  await until(settled(a));
  // The server dies with A's next change applied in memory but never logged.
  a.offline();
  a.session.text("need").insert(5, "and this");
  server.restart();
  assert.equal(server.text("need"), "kept ");
  await a.online();
  await until(settled(a));
  assert.equal(server.text("need"), "kept and this");
  const fresh = client(server, "C");
  await fresh.session.sync();
  assert.equal(fresh.text(), "kept and this");
});

test("deletions made offline reach the server", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  await a.session.sync();
  a.session.text("need").insert(0, "keep DELETE keep");
  await until(settled(a));
  a.offline();
  a.session.text("need").delete(5, 7);
  await a.online();
  await until(settled(a));
  assert.equal(server.text("need"), "keep keep");
});

test("chaos: lost requests, lost acks and drops; everyone converges, every letter once", async () => {
  const random = rng(Number(process.env.CHAOS_SEED || 20251203));
  const server = new FakeServer();
  const people = ["A", "B", "C", "D"].map((n) => client(server, n, { random, latency: 1 }));
  await Promise.all(people.map((p) => p.session.sync()));
  // Each keystroke is a character of its own (CJK range), so any loss or duplicate shows.
  let next = 0x4e00;
  const typed = [];
  for (let round = 0; round < 300; round++) {
    const p = people[Math.floor(random() * people.length)];
    p.transport.dropRequests = random() < 0.3 ? 0.5 : 0;
    p.transport.dropAcks = random() < 0.3 ? 0.5 : 0;
    const roll = random();
    if (roll < 0.05 && p.transport.connected) {
      p.offline();
    } else if (roll < 0.12 && !p.transport.connected) {
      p.online();
    } else {
      const char = String.fromCodePoint(next++);
      const ytext = p.session.text(round % 3 ? "need" : "title");
      if (ytext.length > 3 && random() < 0.1) {
        // Deleting someone's letter is fine: remember it must be gone everywhere.
        const at = Math.floor(random() * ytext.length);
        typed.push({ char: ytext.toString()[at], deleted: true });
        ytext.delete(at, 1);
      }
      ytext.insert(Math.floor(random() * (ytext.length + 1)), char);
      typed.push({ char, deleted: false });
    }
    await sleep(random() * 4);
  }
  for (const p of people) {
    p.transport.dropRequests = 0;
    p.transport.dropAcks = 0;
    if (!p.transport.connected) p.online();
  }
  await until(settled(...people), 10000, "all saved");
  await until(
    () =>
      people.every(
        (p) => p.text("need") === server.text("need") && p.text("title") === server.text("title"),
      ),
    5000,
    "convergence",
  );
  const all = [...(server.text("need") + server.text("title"))];
  const deleted = new Set(typed.filter((t) => t.deleted).map((t) => t.char));
  const expected = typed
    .filter((t) => !t.deleted && !deleted.has(t.char))
    .map((t) => t.char)
    .sort();
  assert.deepEqual([...all].sort(), expected);
  assert.ok(expected.length > 150, `only ${expected.length} letters typed`);
});

test("a refused change (locked) is kept and read-only; it is sent when allowed again", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  await a.session.sync();
  server.refuse = { code: "locked", message: "locked" };
  a.session.text("need").insert(0, "late");
  await until(() => a.session.readOnly, 1000, "read-only");
  assert.deepEqual(a.errors, ["locked"]);
  assert.equal(a.session.unsaved, true);
  const sentWhileLocked = server.received;
  await sleep(60);
  assert.equal(server.received, sentWhileLocked, "no retry loop while locked");
  server.refuse = null;
  a.session.unblock();
  await until(settled(a));
  assert.equal(server.text("need"), "late");
});

test("a change the server can never take (too_large) is reported once, not resent in a loop", async () => {
  const server = new FakeServer();
  server.maxUpdateBytes = 100;
  const a = client(server, "A");
  await a.session.sync();
  a.session.text("need").insert(0, "x".repeat(500));
  await until(() => a.errors.includes("too_large"), 1000);
  await sleep(60);
  assert.equal(server.received, 1);
  assert.equal(a.text().length, 500, "the text stays on screen");
  assert.ok(a.session.rejected);
});

test("a rejected change stays 'not saved' until a resync gets everything through", async () => {
  const server = new FakeServer();
  server.maxUpdateBytes = 100;
  const a = client(server, "A");
  await a.session.sync();
  a.session.text("need").insert(0, "x".repeat(500));
  await until(() => a.session.rejected, 1000);
  a.session.text("need").insert(0, "small");
  await until(() => !a.session.unsaved, 1000, "the small change acknowledged");
  assert.ok(a.session.rejected, "still not saved: the big paste is missing on the server");
  server.maxUpdateBytes = 256 * 1024;
  a.offline();
  await a.online();
  await until(() => !a.session.unsaved && !a.session.rejected, 1000, "resynced");
  assert.equal(server.text("need"), a.text());
});

test("while a retry is due, typing does not send ahead of it (rate_limited)", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  a.session.timing.retryMinMs = 100;
  a.session.retryDelay = 100;
  await a.session.sync();
  server.refuse = { code: "rate_limited", message: "slow down" };
  a.session.text("need").insert(0, "a");
  await until(() => server.received === 1, 500);
  for (let i = 0; i < 10; i++) {
    a.session.text("need").insert(0, "b");
    await sleep(5);
  }
  assert.equal(server.received, 1, "no update sent while the retry waits");
  server.refuse = null;
  await until(settled(a), 2000);
  assert.equal(server.text("need"), "bbbbbbbbbba");
});

test("retryable errors (rate_limited, unavailable) keep the change and retry", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  await a.session.sync();
  server.refuse = { code: "unavailable", message: "try again" };
  a.session.text("need").insert(0, "eventually");
  await until(() => server.received >= 2, 1000, "a retry");
  server.refuse = null;
  await until(settled(a), 2000);
  assert.equal(server.text("need"), "eventually");
  assert.equal(a.session.readOnly, false);
});

test("awareness: names and the field of each cursor; cleaned; removed on close", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  const b = client(server, "B");
  await a.session.sync();
  await b.session.sync();
  const text = b.session.text("goals");
  text.insert(0, "abc");
  b.session.awareness.setLocalStateField("cursor", {
    anchor: Y.createRelativePositionFromTypeIndex(text, 1),
    head: Y.createRelativePositionFromTypeIndex(text, 2),
  });
  await until(() => a.session.peers().some((p) => p.field === "goals"), 2000, "B's cursor at A");
  const peer = a.session.peers().find((p) => p.user.name === "B");
  assert.equal(peer.field, "goals");
  // A newcomer learns about those already there.
  await until(() => b.session.peers().some((p) => p.user.name === "A"), 2000, "A at B");

  b.session.awareness.setLocalStateField("user", { name: "<b>x</b>", color: "red;x:url(y)" });
  await until(() => a.session.peers().some((p) => p.user.name === "<b>x</b>"));
  assert.equal(a.session.peers()[0].user.color, "#5a6570");

  await b.session.close();
  await until(() => a.session.peers().length === 0, 2000, "B's cursor gone after close");
});

test("pruneAwareness forgets people who left the idea", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  const b = client(server, "B");
  await a.session.sync();
  await b.session.sync();
  b.session.awareness.setLocalStateField("cursor", null);
  await until(() => a.session.peers().length === 1);
  const bId = b.session.awareness.getLocalState().user.id;
  a.session.pruneAwareness(new Set([bId]));
  assert.equal(a.session.peers().length, 1);
  a.session.pruneAwareness(new Set());
  assert.equal(a.session.peers().length, 0);
});

test("closing waits until every change is acknowledged", async () => {
  const server = new FakeServer();
  const a = client(server, "A");
  await a.session.sync();
  a.offline();
  a.session.text("need").insert(0, "before close");
  assert.equal(await a.session.close(), false);
  assert.equal(a.session.closed, false);
  await a.online();
  await until(() => a.session.closed, 2000, "closed once saved");
  assert.equal(server.text("need"), "before close");
});

test("helpers", () => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, "abc");
  const sv = Y.encodeStateVector(doc);
  assert.equal(hasStructs(Y.encodeStateAsUpdate(doc, sv)), false);
  doc.getText("t").delete(0, 1);
  assert.equal(hasStructs(Y.encodeStateAsUpdate(doc, sv)), false); // only a delete set
  doc.getText("t").insert(0, "z");
  assert.equal(hasStructs(Y.encodeStateAsUpdate(doc, sv)), true);
  assert.deepEqual(cleanUser({ name: "x".repeat(100), color: "#ABCDEF", id: 3 }), {
    name: "x".repeat(60),
    color: "#ABCDEF",
    colorLight: "#ABCDEF33",
    id: 3,
  });
  assert.equal(cleanUser(null).name, "?");
});
