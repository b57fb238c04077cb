// One opened idea: its Y.Doc, the local changes not yet acknowledged, and the awareness
// (names and cursors) of the people in it. DESIGN.md, "Realtime protocol".
//
// No DOM and no Socket.IO here: the session talks through a `transport` with
//   transport.connected            -> boolean
//   transport.request(event, payload, timeoutMs) -> Promise<ack>  (rejects on timeout or
//                                     when the connection drops before the ack)
// so the protocol can be tested in Node with a fake server (static/src/tests/).
//
// The rules that keep text safe on a shaky network:
// - Every local Yjs update goes into `pending`. Pending updates are merged and sent as ONE
//   update_idea at a time; it stays `inflight` until the server acknowledges it with a seq
//   (only after the durable commit). Nothing is dropped on a timeout or a disconnect: the
//   in-flight update goes back to pending.
// - On every (re)connect, sync(): open_idea with our state vector, apply what we lack, then
//   send what the server lacks (Y.encodeStateAsUpdate against its state vector). That diff
//   contains every unacknowledged local change, so it replaces `pending`.
// - Applying an update twice changes nothing (Yjs), so re-sending is always safe.

import * as Y from "yjs";
import { fromBase64, toBase64 } from "lib0/buffer";
import * as awarenessProtocol from "y-protocols/awareness";

export const REMOTE = Symbol("aihio-remote");
export const FLUSH_MS = 80; // coalesce local edits for this long (50–100 ms)
export const AWARENESS_MS = 150; // at most one awareness message per this
export const OPEN_TIMEOUT_MS = 15000;
export const UPDATE_TIMEOUT_MS = 20000; // the server waits up to 15 s for its group commit
export const AWARENESS_TIMEOUT_MS = 5000;
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10000;

// Error codes of an update_idea ack, and what they mean for the local changes.
const BLOCKING = new Set(["locked", "forbidden", "not_found"]); // read-only; keep the changes
const REJECTED = new Set(["invalid", "too_large"]); // this update can never be accepted
// anything else (rate_limited, unavailable, server_error, unauthorized, ...): retry later

const COLOR_RE = /^#[0-9a-fA-F]{6}$/;
const NAME_MAX = 60;

// Updates travel as base64 text (one WebSocket frame each way, docs/protocol.md);
// open_idea's answer and awareness states stay binary.
const bytes = (value) =>
  value instanceof Uint8Array
    ? value
    : value == null
      ? null
      : typeof value === "string"
        ? fromBase64(value)
        : new Uint8Array(value);

/** True when a Yjs v1 update carries any inserted content (not only a delete set). */
export function hasStructs(update) {
  return Y.parseUpdateMeta(update).from.size > 0;
}

/** Make a remote awareness state safe to render: a plain name and a #rrggbb colour. */
export function cleanUser(user) {
  const name = typeof user?.name === "string" ? user.name.slice(0, NAME_MAX) : "?";
  const color = typeof user?.color === "string" && COLOR_RE.test(user.color) ? user.color : "#5a6570";
  const id = Number.isInteger(user?.id) ? user.id : null;
  return { name, color, colorLight: color + "33", id };
}

export class IdeaSession {
  /**
   * @param {object} options
   * @param {number} options.ideaId
   * @param {object} options.transport  see the top of this file
   * @param {{name: string, color: string, id?: number}} options.user
   * @param {(session: IdeaSession) => void} [options.onChange]  status may have changed
   * @param {(session: IdeaSession, code: string, message: string) => void} [options.onError]
   * @param {(session: IdeaSession) => void} [options.onStuck]  an ack timed out: the
   *        connection is probably dead; the caller may reconnect
   * @param {object} [options.timing]  override FLUSH_MS etc. (tests)
   */
  constructor({ ideaId, transport, user, onChange, onError, onStuck, timing }) {
    this.timing = {
      flushMs: FLUSH_MS,
      awarenessMs: AWARENESS_MS,
      openTimeoutMs: OPEN_TIMEOUT_MS,
      updateTimeoutMs: UPDATE_TIMEOUT_MS,
      awarenessTimeoutMs: AWARENESS_TIMEOUT_MS,
      retryMinMs: RETRY_MIN_MS,
      retryMaxMs: RETRY_MAX_MS,
      ...timing,
    };
    this.ideaId = ideaId;
    this.transport = transport;
    this.onChange = onChange || (() => {});
    this.onError = onError || (() => {});
    this.onStuck = onStuck || (() => {});
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.pending = []; // local updates the server has not acknowledged, not in flight
    this.inflight = null; // the update sent and not yet acknowledged
    this.epoch = 0; // bumped by every sync and close: late acks of older epochs are ignored
    this.synced = false; // open_idea answered on the current connection
    this.syncing = false;
    this.readOnly = false;
    this.blocked = null; // {code, message} while the server refuses our changes
    this.rejected = null; // {code, message} of an update that can never be accepted
    this.fields = null; // keys from the server's open_idea ack
    this.lastSeq = 0;
    this.closed = false;
    this.lastSent = 0;
    this.flushTimer = null;
    this.retryTimer = null;
    this.retryDelay = this.timing.retryMinMs;
    this.awarenessTimer = null;
    this.awarenessLastSent = 0;
    this.closing = false;
    this.diffPending = false;
    this.inflightIsDiff = false;

    this.doc.on("update", (update, origin) => {
      if (origin === REMOTE || this.closed) return;
      this.pending.push(update);
      this.scheduleFlush();
      this.onChange(this);
    });

    // Registered before any editor: remote states are cleaned before anything renders them.
    this.awareness.on("change", ({ added, updated }, origin) => {
      if (origin !== REMOTE) return;
      const states = this.awareness.getStates();
      for (const client of added.concat(updated)) {
        const state = states.get(client);
        if (state) state.user = cleanUser(state.user);
      }
      // Someone new: tell them who we are (the server keeps no awareness).
      if (added.length) this.scheduleAwareness();
    });
    this.awareness.on("update", ({ added, updated, removed }, origin) => {
      if (origin === REMOTE || this.closed) return;
      const me = this.doc.clientID;
      if (added.includes(me) || updated.includes(me) || removed.includes(me)) {
        this.scheduleAwareness();
      }
    });
    this.user = { name: user.name, color: user.color, id: user.id ?? null };
    this.awareness.setLocalStateField("user", this.user);
  }

  /** Local changes not yet acknowledged by the server? */
  get unsaved() {
    return this.inflight !== null || this.pending.length > 0;
  }

  /** A text field of the document (a root-level Y.Text named by the field key). */
  text(key) {
    return this.doc.getText(key);
  }

  // -- sync -------------------------------------------------------------------------------

  /** (Re)open the idea on the current connection and sync both ways. Returns true when synced. */
  async sync() {
    if (this.closed) return false;
    const epoch = ++this.epoch;
    this.synced = false;
    this.syncing = true;
    this.clearRetry();
    if (this.inflight) {
      // Maybe committed, maybe not: the diff below covers it either way.
      this.pending.unshift(this.inflight);
      this.inflight = null;
    }
    this.onChange(this);
    let ack;
    try {
      ack = await this.transport.request(
        "open_idea",
        { idea_id: this.ideaId, state_vector: Y.encodeStateVector(this.doc) },
        this.timing.openTimeoutMs,
      );
    } catch {
      if (epoch === this.epoch) {
        this.syncing = false;
        this.onChange(this);
        if (this.transport.connected) this.onStuck(this);
      }
      return false;
    }
    if (epoch !== this.epoch || this.closed) return false;
    this.syncing = false;
    if (!ack || !ack.ok) {
      const error = ack?.error || { code: "invalid", message: "" };
      if (BLOCKING.has(error.code)) this.block(error);
      else this.retryLater(() => this.sync());
      this.onError(this, error.code, error.message);
      this.onChange(this);
      return false;
    }
    this.fields = Array.isArray(ack.fields) ? ack.fields : this.fields;
    const update = bytes(ack.update);
    if (update && update.length) Y.applyUpdate(this.doc, update, REMOTE);
    const serverState = bytes(ack.state_vector) || new Uint8Array([0]);
    const diff = Y.encodeStateAsUpdate(this.doc, serverState);
    // The diff holds everything the server lacks: all unacknowledged local changes.
    // (Its delete set is always the whole document's, so "only deletions" is not a sign
    // of anything new unless we had unacknowledged changes.)
    this.pending = hasStructs(diff) || this.pending.length ? [diff] : [];
    this.diffPending = this.pending.length > 0; // the next update sent is this whole diff
    if (!this.diffPending) this.rejected = null; // the server has everything after all
    this.synced = true;
    this.retryDelay = this.timing.retryMinMs;
    this.onChange(this);
    this.flush();
    this.scheduleAwareness();
    this.finishClosing();
    return true;
  }

  /** The connection dropped: whatever is in flight stays pending until the next sync. */
  disconnected() {
    this.epoch++;
    this.synced = false;
    this.syncing = false;
    if (this.inflight) {
      this.pending.unshift(this.inflight);
      this.inflight = null;
    }
    this.clearFlush();
    this.clearRetry();
    clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.onChange(this);
  }

  // -- local changes ------------------------------------------------------------------------

  scheduleFlush() {
    if (this.flushTimer || this.closed) return;
    // Throttle: the first change after a pause goes at once, then at most one update
    // every FLUSH_MS; what is typed meanwhile is merged into the next one.
    const wait = Math.max(0, this.lastSent + this.timing.flushMs - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.flush();
    }, wait);
  }

  clearFlush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = null;
  }

  /** Send the pending changes as one update if nothing is in flight. */
  flush() {
    if (!this.synced || this.blocked || this.inflight || !this.pending.length) return;
    if (!this.transport.connected || this.retryTimer) return; // a retry is due later
    const since = Date.now() - this.lastSent;
    if (since < this.timing.flushMs) {
      this.scheduleFlush();
      return;
    }
    this.clearFlush();
    const update = this.pending.length === 1 ? this.pending[0] : Y.mergeUpdates(this.pending);
    this.pending = [];
    this.inflight = update;
    this.inflightIsDiff = this.diffPending;
    this.diffPending = false;
    this.lastSent = Date.now();
    const epoch = this.epoch;
    this.onChange(this);
    this.transport
      .request(
        "update_idea",
        { idea_id: this.ideaId, update: toBase64(update) },
        this.timing.updateTimeoutMs,
      )
      .then(
        (ack) => this.acknowledged(epoch, update, ack),
        () => this.notAcknowledged(epoch, update),
      );
  }

  acknowledged(epoch, update, ack) {
    if (epoch !== this.epoch || this.inflight !== update) return; // a sync took over
    this.inflight = null;
    if (ack && ack.ok) {
      this.lastSeq = Math.max(this.lastSeq, Number(ack.seq) || 0);
      this.retryDelay = this.timing.retryMinMs;
      // A whole resync diff got through: nothing rejected is missing any more.
      if (this.inflightIsDiff) this.rejected = null;
      if (this.pending.length) this.scheduleFlush();
      this.onChange(this);
      this.finishClosing();
      return;
    }
    const error = ack?.error || { code: "invalid", message: "" };
    if (REJECTED.has(error.code)) {
      // It can never be accepted; resending would loop. The text stays on this screen and
      // "not saved" stays shown until a resync (after a reconnect) gets everything through.
      this.rejected = error;
      if (this.pending.length) this.scheduleFlush();
    } else if (BLOCKING.has(error.code)) {
      this.pending.unshift(update);
      this.block(error);
    } else {
      this.pending.unshift(update);
      this.diffPending ||= this.inflightIsDiff;
      this.retryLater(() => this.flush());
    }
    this.onError(this, error.code, error.message);
    this.onChange(this);
  }

  notAcknowledged(epoch, update) {
    if (epoch !== this.epoch || this.inflight !== update) return;
    // Timed out or the connection dropped: it may or may not have been committed.
    // Keep it; sending it again is harmless.
    this.inflight = null;
    this.pending.unshift(update);
    this.diffPending ||= this.inflightIsDiff;
    this.onChange(this);
    if (this.transport.connected) {
      this.onStuck(this);
      this.retryLater(() => this.flush());
    }
  }

  retryLater(fn) {
    this.clearRetry();
    const delay = this.retryDelay;
    this.retryDelay = Math.min(this.timing.retryMaxMs, this.retryDelay * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed) fn();
    }, delay);
  }

  clearRetry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  block(error) {
    this.blocked = error;
    this.readOnly = true;
  }

  /** The workshop was opened again (or the user may edit again): resume sending. */
  unblock() {
    if (!this.blocked) return;
    this.blocked = null;
    this.readOnly = false;
    this.onChange(this);
    if (this.transport.connected) this.sync();
  }

  // -- remote changes -----------------------------------------------------------------------

  /** An idea_update from the server (others' changes, or merged batches that include ours). */
  receiveUpdate(update) {
    if (this.closed) return;
    Y.applyUpdate(this.doc, bytes(update), REMOTE);
  }

  /** An `awareness` event: others' names and cursors. */
  receiveAwareness(states) {
    if (this.closed) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, bytes(states), REMOTE);
  }

  /** Forget the cursors of people who no longer have this idea open (from table_state). */
  pruneAwareness(participantIdsHere) {
    const gone = [];
    this.awareness.getStates().forEach((state, client) => {
      if (client === this.doc.clientID) return;
      const id = state?.user?.id;
      if (Number.isInteger(id) && !participantIdsHere.has(id)) gone.push(client);
    });
    if (gone.length) awarenessProtocol.removeAwarenessStates(this.awareness, gone, REMOTE);
  }

  /** Remote people and which field their cursor is in: [{client, user, field}]. */
  peers() {
    const out = [];
    this.awareness.getStates().forEach((state, client) => {
      if (client === this.doc.clientID || !state?.user) return;
      let field = null;
      const anchor = state.cursor?.head || state.cursor?.anchor;
      if (anchor) {
        try {
          const pos = Y.createAbsolutePositionFromRelativePosition(
            Y.createRelativePositionFromJSON(anchor),
            this.doc,
          );
          if (pos) field = this.fieldOf(pos.type);
        } catch {
          field = null;
        }
      }
      out.push({ client, user: state.user, field });
    });
    return out;
  }

  fieldOf(type) {
    for (const [key, value] of this.doc.share) if (value === type) return key;
    return null;
  }

  // -- awareness out ------------------------------------------------------------------------

  scheduleAwareness() {
    if (this.awarenessTimer || this.closed) return;
    const wait = Math.max(0, this.awarenessLastSent + this.timing.awarenessMs - Date.now());
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      this.sendAwareness();
    }, wait);
  }

  sendAwareness() {
    if (!this.synced || !this.transport.connected) return;
    this.awarenessLastSent = Date.now();
    const state = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    this.transport
      .request("update_awareness", { idea_id: this.ideaId, state }, this.timing.awarenessTimeoutMs)
      .catch(() => {}); // cursors are best effort; the next change sends them again
  }

  // -- closing ------------------------------------------------------------------------------

  /** Stop showing the idea: say goodbye to the others' cursor lists, then close_idea once
   * every local change is acknowledged (call again after a sync; returns true when closed). */
  async close() {
    if (this.closed) return true;
    this.closing = true;
    if (this.awareness.getLocalState() !== null) {
      this.awareness.setLocalState(null);
      clearTimeout(this.awarenessTimer);
      this.awarenessTimer = null;
      if (this.synced && this.transport.connected) {
        const state = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
        this.transport
          .request("update_awareness", { idea_id: this.ideaId, state }, this.timing.awarenessTimeoutMs)
          .catch(() => {});
      }
    }
    // Not yet: keep syncing (a blocked change waits for the workshop to open again).
    if (this.unsaved && !this.rejected) return false;
    this.destroy();
    if (this.transport.connected) {
      this.transport
        .request("close_idea", { idea_id: this.ideaId }, this.timing.openTimeoutMs)
        .catch(() => {});
    }
    this.onChange(this);
    return true;
  }

  /** Show the idea again before a pending close finished: back in the others' lists. */
  reopen() {
    if (this.closed) return false;
    this.closing = false;
    if (this.awareness.getLocalState() === null) this.awareness.setLocalState({ user: this.user });
    return true;
  }

  finishClosing() {
    if (this.closing && !this.closed && !this.unsaved) this.close();
  }

  destroy() {
    this.closed = true;
    this.epoch++;
    this.clearFlush();
    this.clearRetry();
    clearTimeout(this.awarenessTimer);
    this.awareness.destroy();
    this.doc.destroy();
  }
}
