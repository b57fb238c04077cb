// A stand-in for the Aihio server's idea events, and a network that can drop, delay and
// lose messages, for the Node tests of sync.js. Behaviour follows workshop/realtime/ideas.py:
// update_idea is acknowledged with a seq only once it is in the durable log; duplicates
// get the current seq; the broadcast goes to the others in the room.

import * as Y from "yjs";
import { fromBase64, toBase64 } from "lib0/buffer";

export function rng(seed) {
  // mulberry32: small, seeded, good enough for shuffling test events
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FakeServer {
  constructor({ keys = ["title", "need"] } = {}) {
    this.keys = keys;
    this.log = []; // durable: survives restart()
    this.doc = new Y.Doc();
    this.rooms = new Map(); // idea_id -> Set<FakeTransport>
    this.refuse = null; // {code, message}: answer every update_idea with this error
    this.maxUpdateBytes = 256 * 1024;
    this.received = 0;
  }

  /** Forget everything in memory; reload from the log (a process restart). */
  restart() {
    this.doc = new Y.Doc();
    for (const update of this.log) Y.applyUpdate(this.doc, update);
    this.rooms.clear();
  }

  text(key) {
    return this.doc.getText(key).toString();
  }

  handle(transport, event, payload) {
    if (event === "open_idea") {
      const sv = payload.state_vector;
      const update = sv ? Y.encodeStateAsUpdate(this.doc, sv) : Y.encodeStateAsUpdate(this.doc);
      if (!this.rooms.has(payload.idea_id)) this.rooms.set(payload.idea_id, new Set());
      this.rooms.get(payload.idea_id).add(transport);
      return {
        ok: true,
        idea_id: payload.idea_id,
        update,
        state_vector: Y.encodeStateVector(this.doc),
        fields: this.keys,
      };
    }
    if (event === "update_idea") {
      this.received++;
      if (this.refuse) return { ok: false, error: this.refuse };
      // Like the server: base64 text (what the browser sends) or binary.
      const update = typeof payload.update === "string" ? fromBase64(payload.update) : payload.update;
      if (!(update instanceof Uint8Array) || !update.length) {
        return { ok: false, error: { code: "invalid", message: "bad update" } };
      }
      if (update.length > this.maxUpdateBytes) {
        return { ok: false, error: { code: "too_large", message: "too large" } };
      }
      const before = Y.encodeStateVector(this.doc);
      const deletedBefore = countDeleted(this.doc);
      Y.applyUpdate(this.doc, update);
      const changed =
        !equalBytes(before, Y.encodeStateVector(this.doc)) ||
        countDeleted(this.doc) !== deletedBefore;
      if (changed) {
        this.log.push(update);
        for (const peer of this.rooms.get(payload.idea_id) || []) {
          if (peer !== transport) {
            peer.deliver("idea_update", { idea_id: payload.idea_id, update: toBase64(update) });
          }
        }
      }
      return { ok: true, idea_id: payload.idea_id, seq: this.log.length };
    }
    if (event === "update_awareness") {
      for (const peer of this.rooms.get(payload.idea_id) || []) {
        if (peer !== transport) {
          peer.deliver("awareness", { idea_id: payload.idea_id, states: payload.state });
        }
      }
      return { ok: true };
    }
    if (event === "close_idea") {
      this.rooms.get(payload.idea_id)?.delete(transport);
      return { ok: true };
    }
    return { ok: false, error: { code: "invalid", message: `unknown event ${event}` } };
  }
}

function countDeleted(doc) {
  let n = 0;
  doc.store.clients.forEach((structs) => {
    for (const s of structs) if (s.deleted) n += s.length;
  });
  return n;
}

function equalBytes(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** One client's connection to the FakeServer, with a controllable bad network. */
export class FakeTransport {
  constructor(server, { latency = 2, random = Math.random } = {}) {
    this.server = server;
    this.latency = latency;
    this.random = random;
    this.connected = true;
    this.dropRequests = 0; // probability a request is lost on the way
    this.dropAcks = 0; // probability the ack is lost (the server DID process it)
    this.generation = 0;
    this.handlers = new Map();
    this.sent = [];
  }

  on(event, handler) {
    this.handlers.set(event, handler);
  }

  deliver(event, payload) {
    if (!this.connected) return;
    const generation = this.generation;
    setTimeout(() => {
      if (this.connected && generation === this.generation) this.handlers.get(event)?.(payload);
    }, this.latency);
  }

  disconnect() {
    this.connected = false;
    this.generation++;
    for (const room of this.server.rooms.values()) room.delete(this);
  }

  reconnect() {
    this.connected = true;
    this.generation++;
  }

  request(event, payload, timeoutMs) {
    return new Promise((resolve, reject) => {
      if (!this.connected) {
        reject(new Error("offline"));
        return;
      }
      this.sent.push(event);
      const generation = this.generation;
      let settled = false;
      const timer = setTimeout(() => {
        if (!settled) {
          settled = true;
          reject(new Error("timeout"));
        }
      }, timeoutMs);
      const lostRequest = this.random() < this.dropRequests;
      const lostAck = this.random() < this.dropAcks;
      setTimeout(() => {
        if (lostRequest || !this.connected || generation !== this.generation) return;
        const ack = this.server.handle(this, event, payload);
        setTimeout(() => {
          if (settled || lostAck) return;
          if (!this.connected || generation !== this.generation) {
            settled = true;
            clearTimeout(timer);
            reject(new Error("disconnected"));
            return;
          }
          settled = true;
          clearTimeout(timer);
          resolve(ack);
        }, this.latency);
      }, this.latency);
      // A dropped connection fails outstanding acks at once, as socket.io-client does.
      const watch = setInterval(() => {
        if (settled) {
          clearInterval(watch);
        } else if (!this.connected || generation !== this.generation) {
          settled = true;
          clearTimeout(timer);
          clearInterval(watch);
          reject(new Error("disconnected"));
        }
      }, 1);
    });
  }
}
