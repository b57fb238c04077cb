// The participant's table page: members and their presence, the table's ideas, a form for
// a new idea, and the opened idea with one live editor per template field.
// DESIGN.md, "Realtime protocol"; the sync rules are in sync.js.

import "./table.css";
import "./consortium.css";

import { createArchive } from "./archive.js";
import { connect } from "./connection.js";
import { startConsortium } from "./consortium.js";
import { byId, el, format, patchList } from "./dom.js";
import { createFieldEditor } from "./editor.js";
import { createHints } from "./hints.js";
import { createProvenance } from "./provenance.js";
import { startRoom } from "./room.js";
import { IdeaSession } from "./sync.js";

const JOIN_TIMEOUT_MS = 15000;
const ACTION_TIMEOUT_MS = 15000;
const SAVING_DELAY_MS = 300; // do not flash "Saving…" for acks that come at once
// Colours for names and carets; all readable with white text (WCAG AA at normal size).
const PALETTE = [
  "#b3261e", "#0b5cad", "#1e6b34", "#7b3fa0", "#9a4f00",
  "#00695c", "#ad1457", "#37474f", "#5d4037", "#283593",
];
const READ_ONLY_STATES = new Set(["locked", "closed"]);

const config = JSON.parse(byId("table-config").textContent);
const t = JSON.parse(byId("table-strings").textContent);
const me = config.me;
const myColor = colorFor(me.id);

const state = {
  members: config.members || [],
  ideas: new Map((config.ideas || []).map((idea) => [idea.id, idea])),
  workshopState: config.workshop_state,
  joined: false, // join_table answered on the current connection
  everConnected: false,
  failedOnce: false,
  sessions: new Map(), // idea id -> IdeaSession (the shown one and any still closing)
  current: null, // {ideaId, session, editors: Map<key, editor>, unobserve}
  alerts: new Map(), // code -> element
  wrote: false, // this page has sent a change of its own: only then can it say "Saved"
};

function colorFor(id) {
  return PALETTE[Math.abs(Number(id) || 0) % PALETTE.length];
}

// -- connection ----------------------------------------------------------------------------

const { socket, transport } = connect({
  workshopId: config.workshop_id,
  onConnect: joinTable,
  onDisconnect: () => {
    state.joined = false;
    for (const session of state.sessions.values()) session.disconnected();
  },
  onRefused: (message) => {
    state.failedOnce = true;
    if (/unauthori[sz]ed/i.test(message)) showRejoin();
  },
  onChange: () => {
    if (!transport.connected && state.everConnected) state.failedOnce = true;
    renderStatus();
    renderActions();
  },
});
socket.on("connect_error", () => {
  state.failedOnce = true;
  renderStatus();
});
// Phase, messages, lock banner, moves, voting and diversity chips (room.js).
const room = startRoom({ socket, transport, tableId: config.table_id, workshopState: config.workshop_state });
// The opened idea's consortium (consortium.js): from open_idea acks and idea_consortium.
const consortium = startConsortium({ socket, orgTypes: config.org_types });
// The opened idea's similar projects and drafts (hints.js): from open_idea acks and idea_related.
const archive = createArchive({
  bar: byId("archive-bar"),
  request: (event, payload) => transport.request(event, payload, ACTION_TIMEOUT_MS),
  t,
});
const hints = createHints({ root: byId("idea-hints"), transport, strings: t, focusFallback: () => byId("idea-heading") });
socket.on("idea_related", (payload) => hints.receive(payload));
// Where the opened idea was carried from (provenance.js): from open_idea acks.
const provenance = createProvenance({ root: byId("idea-provenance"), strings: t });

async function joinTable() {
  state.everConnected = true;
  clearAlert("error_unauthorized");
  let ack;
  try {
    ack = await transport.request("join_table", { table_id: config.table_id }, JOIN_TIMEOUT_MS);
  } catch {
    transport.reconnect();
    return;
  }
  if (!transport.connected) return;
  if (!ack?.ok) {
    const code = ack?.error?.code;
    if (code === "forbidden" || code === "not_found") showMoved();
    else if (code === "unauthorized") showRejoin();
    else if (code === "invalid") showError(code, ack?.error?.message);
    else setTimeout(() => transport.connected && !state.joined && joinTable(), 2000); // busy: again
    return;
  }
  state.joined = true;
  room.joined(ack);
  state.members = ack.members || [];
  state.ideas = new Map((ack.ideas || []).map((idea) => [idea.id, idea]));
  renderMembers();
  renderIdeas();
  openFromHash();
  // Re-open every idea this page has (shown or still closing) and sync both ways.
  for (const session of state.sessions.values()) if (!session.syncing) session.sync();
  renderStatus();
}

socket.on("table_state", (payload) => {
  if (payload?.table_id !== config.table_id) return;
  state.members = payload.members || [];
  renderMembers();
  renderIdeas();
  for (const [ideaId, session] of state.sessions) {
    const here = new Set(
      state.members.filter((m) => (m.idea_ids || []).includes(ideaId)).map((m) => m.id),
    );
    session.pruneAwareness(here);
  }
  renderPeers();
});

socket.on("ideas_changed", (payload) => {
  if (payload?.table_id !== config.table_id || !payload.idea) return;
  if (payload.change === "archived" || payload.change === "merged") {
    state.ideas.delete(payload.idea.id);
    archive.left(payload.idea, payload.change);
    renderIdeas();
    return;
  }
  if (payload.change === "restored") archive.restored(payload.idea.id);
  state.ideas.set(payload.idea.id, { ...state.ideas.get(payload.idea.id), ...payload.idea });
  renderIdeas();
  renderIdeaHead();
});

socket.on("idea_update", (payload) => {
  state.sessions.get(payload?.idea_id)?.receiveUpdate(payload.update);
});

socket.on("awareness", (payload) => {
  state.sessions.get(payload?.idea_id)?.receiveAwareness(payload.states);
});

socket.on("workshop_state", (payload) => {
  const next = payload?.state;
  if (typeof next !== "string") return;
  state.workshopState = next;
  if (!READ_ONLY_STATES.has(next)) {
    clearAlert("error_locked");
    for (const session of state.sessions.values()) session.unblock();
  }
  applyReadOnly();
});

// -- status --------------------------------------------------------------------------------

const statusEl = byId("sync-status");
let savingTimer = null;

function overallStatus() {
  if (!transport.connected) {
    return state.failedOnce || navigator.onLine === false ? "offline" : "connecting";
  }
  let saving = !state.joined;
  for (const session of state.sessions.values()) {
    if (session.unsaved) state.wrote = true;
    if (session.unsaved && (session.blocked || session.rejected)) return "unsaved";
    if (session.unsaved || session.syncing || (!session.synced && !session.blocked)) saving = true;
  }
  if (saving) return "saving";
  // Before anything was typed there is nothing saved to speak of: just "connected".
  return state.wrote ? "saved" : "idle";
}

function renderStatus() {
  const status = overallStatus();
  if (status === "saving" && ["saved", "idle"].includes(statusEl.dataset.status)) {
    // Show "Saving…" only when it takes a moment; quick acks keep "Saved" steady.
    if (!savingTimer) {
      savingTimer = setTimeout(() => {
        savingTimer = null;
        if (overallStatus() === "saving") setStatus("saving");
      }, SAVING_DELAY_MS);
    }
    return;
  }
  clearTimeout(savingTimer);
  savingTimer = null;
  setStatus(status);
}

function setStatus(status) {
  if (statusEl.dataset.status === status) return;
  statusEl.dataset.status = status;
  statusEl.querySelector(".sync-text").textContent = t[`status_${status}`];
}

window.addEventListener("beforeunload", (event) => {
  for (const session of state.sessions.values()) {
    if (session.unsaved && !session.rejected) {
      event.preventDefault();
      event.returnValue = ""; // the browser asks "leave the page?"
      return;
    }
  }
});

// -- alerts --------------------------------------------------------------------------------

const alertsEl = byId("sync-alerts");

function showAlert(key, ...content) {
  clearAlert(key);
  const box = el(
    "div",
    { class: "sync-alert", dataset: { code: key } },
    el("p", {}, ...content),
    el("button", { type: "button", class: "link-button", on: { click: () => clearAlert(key) } }, t.dismiss),
  );
  state.alerts.set(key, box);
  alertsEl.append(box);
}

function clearAlert(key) {
  state.alerts.get(key)?.remove();
  state.alerts.delete(key);
}

function showError(code, serverMessage) {
  const key = `error_${code}`;
  if (code === "unauthorized") {
    showRejoin();
    return;
  }
  showAlert(key in t ? key : "error_other", t[key] || serverMessage || t.error_other);
}

function showRejoin() {
  showAlert("error_unauthorized", t.error_unauthorized, " ", el("a", { href: config.join_url }, t.join_again));
}

function showMoved() {
  showAlert("moved_table", t.moved_table, " ", el("a", { href: config.tables_url }, t.choose_table));
}

// -- members -------------------------------------------------------------------------------

function ideaTitle(id) {
  const idea = state.ideas.get(id);
  return (idea && idea.title) || t.untitled;
}

function renderMembers() {
  const items = state.members.map((m) => {
    const isMe = m.id === me.id;
    const open = (m.idea_ids || []).map(ideaTitle);
    // Before the first connection nobody's presence is known yet.
    let presence = !state.everConnected ? "" : m.online ? t.online : t.not_connected;
    if (m.online && open.length) presence += " · " + format(t.editing, { titles: open.join(", ") });
    return el(
      "li",
      {
        class: `member ${m.online ? "is-online" : "is-offline"}`,
        dataset: { memberId: m.id },
        style: { "--person": colorFor(m.id) },
      },
      el(
        "span",
        { class: "member-line" },
        el("span", { class: "presence-dot", attrs: { "aria-hidden": "true" } }),
        el("span", { class: "member-name" }, m.name),
        isMe ? ` (${t.you})` : "",
        " · ",
        el("span", { class: "org" }, m.organisation),
        " ",
        el("span", { class: "muted" }, `(${config.org_types[m.org_type] || m.org_type})`),
      ),
      presence ? el("span", { class: "member-presence" }, presence) : null,
    );
  });
  // Keyed: a table_state every few seconds must not drop keyboard focus (patchList).
  patchList(byId("members"), items, (node) => node.dataset.memberId);
}

// -- ideas ---------------------------------------------------------------------------------

function renderIdeas() {
  const ideas = [...state.ideas.values()].sort((a, b) => a.id - b.id);
  const openBy = new Map();
  for (const m of state.members) {
    if (!m.online) continue;
    for (const id of m.idea_ids || []) {
      if (!openBy.has(id)) openBy.set(id, []);
      openBy.get(id).push(m.id === me.id ? t.you : m.name);
    }
  }
  const items = ideas.map((idea) => {
    const current = state.current?.ideaId === idea.id;
    const names = openBy.get(idea.id) || [];
    return el(
      "li",
      { class: `idea-item${current ? " is-current" : ""}`, dataset: { ideaId: idea.id } },
      el(
        "a",
        { class: "idea-link", href: `#idea-${idea.id}`, attrs: { "aria-current": current ? "true" : null } },
        idea.title || t.untitled,
      ),
      " ",
      el("span", { class: `badge ${idea.state === "ready" ? "ok" : "off"}` }, idea.state === "ready" ? t.ready : t.draft),
      names.length ? el("span", { class: "idea-open-by" }, format(t.open_by, { names: names.join(", ") })) : null,
      " ",
      archive.button(idea),
    );
  });
  patchList(byId("idea-list"), items, (node) => node.dataset.ideaId);
  byId("no-ideas").hidden = ideas.length > 0;
}

const newIdeaForm = byId("new-idea-form");
const newIdeaInput = byId("new-idea-title");
const newIdeaError = byId("new-idea-error");

function newIdeaProblem(message) {
  newIdeaError.textContent = message || "";
  newIdeaError.hidden = !message;
  if (message) newIdeaInput.setAttribute("aria-invalid", "true");
  else newIdeaInput.removeAttribute("aria-invalid");
}

newIdeaForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const title = newIdeaInput.value.replace(/\s+/g, " ").trim();
  if (!title) {
    newIdeaProblem(t.title_required);
    newIdeaInput.focus();
    return;
  }
  if (!transport.connected) {
    newIdeaProblem(t.offline_action);
    return;
  }
  newIdeaProblem(null);
  const button = newIdeaForm.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const ack = await transport.request(
      "create_idea",
      { table_id: config.table_id, title },
      ACTION_TIMEOUT_MS,
    );
    if (!ack?.ok) {
      newIdeaProblem(ack?.error?.message || t.error_other);
      return;
    }
    state.ideas.set(ack.idea.id, ack.idea);
    renderIdeas();
    newIdeaInput.value = "";
    location.hash = `#idea-${ack.idea.id}`;
  } catch {
    newIdeaProblem(t.offline_action);
  } finally {
    button.disabled = false;
  }
});

// -- the opened idea -----------------------------------------------------------------------

const panel = byId("idea-panel");
const placeholder = byId("idea-placeholder");
const heading = byId("idea-heading");
const stateBadge = byId("idea-state");
const stateButton = byId("idea-state-button");
const readOnlyNote = byId("idea-readonly");
const fieldEls = new Map(
  [...document.querySelectorAll("#idea-fields .idea-field")].map((node) => [node.dataset.field, node]),
);

function ideaIdFromHash() {
  const match = /^#idea-(\d+)$/.exec(location.hash);
  return match ? Number(match[1]) : null;
}

function openFromHash({ focus = false } = {}) {
  const id = ideaIdFromHash();
  if (id === null) {
    closeCurrent();
    return;
  }
  if (state.joined && !state.ideas.has(id)) {
    // Not an idea of this table (or gone): show the list instead.
    closeCurrent();
    return;
  }
  openIdea(id, { focus });
}

window.addEventListener("hashchange", () => openFromHash({ focus: true }));

function openIdea(id, { focus }) {
  if (state.current?.ideaId === id) return;
  closeCurrent();
  let session = state.sessions.get(id);
  if (session && !session.reopen()) session = null;
  if (!session) {
    session = new IdeaSession({
      ideaId: id,
      transport: provenance.watch(hints.watch(consortium.tap(transport))),
      user: { name: me.name, color: myColor, id: me.id },
      onChange: sessionChanged,
      onError: (s, code, message) => {
        showError(code, message);
        applyReadOnly();
      },
      onStuck: () => transport.reconnect(),
    });
    state.sessions.set(id, session);
  }
  const editors = new Map();
  const readOnly = isReadOnly(session);
  for (const [key, node] of fieldEls) {
    const mount = node.querySelector(".field-editor");
    mount.replaceChildren();
    const hint = node.querySelector(".hint");
    editors.set(
      key,
      createFieldEditor({
        parent: mount,
        ytext: session.text(key),
        awareness: session.awareness,
        labelId: `field-${key}-label`,
        hintId: hint ? hint.id : null,
        singleLine: key === "title",
        readOnly,
        coveredBottom: () => hints.coveredBottom(),
      }),
    );
  }
  const title = session.text("title");
  const showTitle = () => {
    heading.textContent = title.toString().trim() || ideaTitle(id);
  };
  title.observe(showTitle);
  const onAwareness = () => renderPeers();
  session.awareness.on("change", onAwareness);
  state.current = {
    ideaId: id,
    session,
    editors,
    unobserve: () => {
      title.unobserve(showTitle);
      session.awareness.off("change", onAwareness);
    },
  };
  showTitle();
  panel.hidden = false;
  consortium.show(id);
  hints.show(id);
  provenance.show(id);
  placeholder.hidden = true;
  renderIdeaHead();
  renderIdeas();
  renderPeers();
  applyReadOnly();
  if (state.joined && transport.connected && !session.synced && !session.syncing) session.sync();
  renderStatus();
  if (focus) {
    heading.focus();
    panel.scrollIntoView({ block: "start", behavior: "smooth" });
  }
}

function closeCurrent() {
  const current = state.current;
  if (!current) return;
  state.current = null;
  current.unobserve();
  for (const editor of current.editors.values()) editor.destroy();
  for (const node of fieldEls.values()) {
    node.querySelector(".field-editor").replaceChildren();
    node.querySelector(".field-people").replaceChildren();
  }
  // Unsaved changes keep the session syncing until they are acknowledged.
  current.session.close().then((closed) => {
    if (closed) forget(current.session);
  });
  panel.hidden = true;
  consortium.hide();
  hints.clear();
  provenance.hide();
  placeholder.hidden = false;
  renderIdeas();
  renderStatus();
}

byId("idea-close").addEventListener("click", (event) => {
  event.preventDefault();
  const id = state.current?.ideaId;
  history.pushState(null, "", location.pathname + location.search);
  closeCurrent();
  // Back to where the idea was opened from.
  document.querySelector(`#idea-list [data-idea-id="${id}"] .idea-link`)?.focus();
});

function forget(session) {
  if (state.sessions.get(session.ideaId) === session) state.sessions.delete(session.ideaId);
}

function sessionChanged(session) {
  if (session.closed && state.current?.session !== session) forget(session);
  renderStatus();
  if (state.current?.session === session) applyReadOnly();
}

function isReadOnly(session) {
  return READ_ONLY_STATES.has(state.workshopState) || Boolean(session?.readOnly);
}

function applyReadOnly() {
  const current = state.current;
  if (!current) return;
  const readOnly = isReadOnly(current.session);
  if (current.readOnly !== readOnly) {
    current.readOnly = readOnly;
    for (const editor of current.editors.values()) editor.setReadOnly(readOnly);
  }
  readOnlyNote.hidden = !readOnly;
  readOnlyNote.textContent = readOnly ? readOnlyReason(current.session) : "";
  renderActions();
}

/** Why the idea is read-only; "not saved" only when a change of this page was refused. */
function readOnlyReason(session) {
  if (READ_ONLY_STATES.has(state.workshopState)) {
    if (session.unsaved) return t.error_locked;
    return state.workshopState === "closed" ? t.closed_note : t.locked_note;
  }
  return t[`error_${session.blocked?.code}`] || t.read_only;
}

function renderIdeaHead() {
  const current = state.current;
  if (!current) return;
  const idea = state.ideas.get(current.ideaId);
  const ready = idea?.state === "ready";
  stateBadge.textContent = ready ? t.ready : t.draft;
  stateBadge.className = `badge ${ready ? "ok" : "off"}`;
  stateButton.textContent = ready ? t.back_to_draft : t.mark_ready;
  renderActions();
}

function renderActions() {
  const current = state.current;
  stateButton.disabled = !current || !transport.connected || isReadOnly(current.session);
}

stateButton.addEventListener("click", async () => {
  const current = state.current;
  if (!current) return;
  const idea = state.ideas.get(current.ideaId);
  const next = idea?.state === "ready" ? "draft" : "ready";
  stateButton.disabled = true;
  try {
    const ack = await transport.request(
      "set_idea_state",
      { idea_id: current.ideaId, state: next },
      ACTION_TIMEOUT_MS,
    );
    if (ack?.ok && ack.idea) {
      state.ideas.set(ack.idea.id, { ...state.ideas.get(ack.idea.id), ...ack.idea });
      renderIdeas();
      renderIdeaHead();
    } else {
      showError(ack?.error?.code, ack?.error?.message);
    }
  } catch {
    showAlert("offline_action", t.offline_action);
  } finally {
    renderActions();
  }
});

/** Who else is in the idea, and in which field their cursor is. */
function renderPeers() {
  const current = state.current;
  if (!current) return;
  const byField = new Map();
  const elsewhere = [];
  for (const peer of current.session.peers()) {
    if (peer.field && fieldEls.has(peer.field)) {
      if (!byField.has(peer.field)) byField.set(peer.field, []);
      byField.get(peer.field).push(peer.user);
    } else {
      elsewhere.push(peer.user);
    }
  }
  for (const [key, node] of fieldEls) {
    const people = byField.get(key) || [];
    const box = node.querySelector(".field-people");
    box.replaceChildren(
      ...(people.length
        ? [
            el("span", { class: "visually-hidden" }, format(t.in_field, { names: "" })),
            ...people.map((user) =>
              el("span", { class: "person-chip", style: { "--person": user.color } }, user.name),
            ),
          ]
        : []),
    );
  }
  const everyone = [...byField.values()].flat().concat(elsewhere);
  byId("idea-peers").textContent = everyone.length
    ? format(t.also_here, { names: everyone.map((u) => u.name).join(", ") })
    : "";
}

// Clicking a field's label puts the cursor in its editor.
for (const [key, node] of fieldEls) {
  node.querySelector(".field-label").addEventListener("click", () => state.current?.editors.get(key)?.focus());
}

// Leaving every editor: the others should no longer see our caret.
byId("idea-fields").addEventListener("focusout", (event) => {
  const current = state.current;
  if (!current) return;
  if (event.relatedTarget && byId("idea-fields").contains(event.relatedTarget)) return;
  if (current.session.awareness.getLocalState()?.cursor) {
    current.session.awareness.setLocalStateField("cursor", null);
  }
});

// -- start ---------------------------------------------------------------------------------

renderMembers();
renderIdeas();
renderStatus();
openFromHash();
