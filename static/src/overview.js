// The facilitator's live overview (templates/facilitator/overview.html): every table by
// priority with its diversity verdict and the drafts' progress, and the controls that run
// the room. Connects with the session cookie, emits `watch_overview` and re-renders on
// `overview` (at most twice a second), `phase`, `voting`, `spotlight`, `workshop_state` and
// `announcement`. Facilitation events and their acks: docs/protocol.md, "Facilitation".

import { connect } from "./connection.js";
import { byId, el, format } from "./dom.js";
import {
  allTables, call, formatScore, keepFocus, membersByType, movesOfPresent, percent, plural,
  reasonText, relativeTime, renderSummary, showAckError, typeLabel,
} from "./overview-common.js";
import { createMerge } from "./merge.js";
import { PhaseClock } from "./phase.js";

const config = JSON.parse(byId("overview-config").textContent);
const t = JSON.parse(byId("overview-strings").textContent);
const lang = config.lang || document.documentElement.lang || "fi";
const WORKSHOP = config.workshop_id;
const MESSAGE_MAX = 280;

const state = {
  overview: config.overview,
  phase: config.phase,
  voting: config.voting || { open: false, votes_per_participant: 3 },
  spotlight: config.spotlight || { idea_id: null },
  workshopState: config.state,
  announcements: [], // newest first
  suggestions: null,
  applied: new Set(), // "participant:table" of moves applied
  refused: false,
  everConnected: false,
};
const inflight = new Set();

// -- connection ----------------------------------------------------------------------------

const connectionEl = byId("ov-connection");
const { socket, transport } = connect({
  auth: {}, // the facilitator's session cookie rides on the handshake
  onConnect: watch,
  onDisconnect: () => {},
  onRefused: () => {
    state.refused = true;
    renderConnection();
  },
  onChange: renderConnection,
});

function renderConnection() {
  let status = "connecting";
  if (transport.connected) status = "live";
  else if (state.refused) status = "refused";
  else if (state.everConnected || navigator.onLine === false) status = "offline";
  connectionEl.dataset.status = status;
  connectionEl.textContent = {
    connecting: t.conn_connecting,
    live: t.conn_live,
    offline: t.conn_offline,
    refused: t.conn_refused,
  }[status];
}

async function watch() {
  state.refused = false;
  state.everConnected = true;
  renderConnection();
  let ack;
  try {
    ack = await transport.request("watch_overview", { workshop_id: WORKSHOP }, 15000);
  } catch {
    transport.reconnect();
    return;
  }
  if (!ack?.ok) {
    showAckError(byId("agenda-error"), ack?.error);
    return;
  }
  const receivedAt = Date.now();
  if (ack.overview) state.overview = ack.overview;
  if (ack.voting) state.voting = ack.voting;
  if (ack.spotlight) state.spotlight = ack.spotlight;
  if (typeof ack.state === "string") state.workshopState = ack.state;
  if (ack.phase) setPhase(ack.phase, receivedAt);
  renderAll();
}

socket.on("overview", (overview) => {
  if (overview?.workshop?.id !== undefined && overview.workshop.id !== WORKSHOP) return;
  state.overview = overview;
  if (state.suggestions) {
    state.suggestions = movesOfPresent(state.suggestions, overview); // a removed name goes
    renderSuggestions();
  }
  if (typeof overview?.workshop?.state === "string" && overview.workshop.state !== state.workshopState) {
    state.workshopState = overview.workshop.state;
    renderLock();
  }
  renderOverview();
  renderTally();
  renderSpotlight();
});
socket.on("phase", (phase) => setPhase(phase, Date.now()));
socket.on("voting", (voting) => {
  state.voting = voting;
  renderVoting();
  renderOverview();
});
socket.on("spotlight", (spotlight) => {
  state.spotlight = spotlight;
  renderSpotlight();
  renderOverview();
});
socket.on("workshop_state", (payload) => {
  if (typeof payload?.state !== "string") return;
  state.workshopState = payload.state;
  renderLock();
});
socket.on("announcement", (announcement) => addAnnouncement(announcement));

function send(event, payload, errorBox, scope) {
  return call(transport, event, { workshop_id: WORKSHOP, ...payload }, { errorBox, scope, t });
}

/** Run one control at a time per event; a second press while the first is on its way waits. */
async function once(key, action) {
  if (inflight.has(key)) return;
  inflight.add(key);
  try {
    await action();
  } finally {
    inflight.delete(key);
  }
}

// -- agenda --------------------------------------------------------------------------------

const phaseClock = new PhaseClock(byId("ov-phase"), t);
const agendaCard = byId("agenda-card");
const agendaError = byId("agenda-error");
const agendaButtons = [...agendaCard.querySelectorAll("[data-agenda]")];
const phaseList = byId("phase-list");
const phaseRows = byId("phase-rows");
const phasesEditor = byId("phases-editor");
let editorDirty = false;

function setPhase(phase, receivedAt) {
  if (!phase || typeof phase !== "object") return;
  state.phase = phase;
  phaseClock.update(phase, receivedAt);
  renderAgenda();
}

function renderAgenda() {
  const phase = state.phase || {};
  const phases = phase.phases || [];
  const started = phase.index != null;
  const enabled = {
    start: phases.length > 0 && !started,
    pause: started && !phase.paused,
    resume: started && phase.paused,
    extend: started,
    skip: started,
    back: Boolean(phase.can_undo),
  };
  for (const button of agendaButtons) button.disabled = !enabled[button.dataset.agenda];
  byId("extend-form").querySelector("button").disabled = !started;

  keepFocus(phaseList, () => {
    phaseList.replaceChildren(
      ...phases.map((p, index) => {
        const current = started && index === phase.index;
        return el(
          "li",
          { class: current ? "is-current" : "", attrs: { "aria-current": current ? "step" : null } },
          el("span", { class: "phase-list-name" }, p.name),
          " ",
          el("span", { class: "muted" }, format(t.minutes, { minutes: formatMinutes(p.minutes) })),
          current ? el("span", { class: "badge ok" }, t.now) : null,
          el(
            "button",
            {
              type: "button",
              class: "small",
              dataset: { focusKey: `goto-${index}` },
              attrs: { "aria-label": format(t.go_to_phase, { name: p.name }) },
              on: { click: () => agenda("start", { index }) },
            },
            t.go_to,
          ),
        );
      }),
    );
  });
  if (!phases.length) phaseList.replaceChildren(el("li", { class: "muted" }, t.no_phases));
  if (!editorDirty) fillPhaseRows(phases);
}

function formatMinutes(minutes) {
  const n = Number(minutes);
  return Number.isFinite(n) ? n.toLocaleString(lang) : String(minutes ?? "");
}

async function agenda(action, extra = {}) {
  await once("agenda", async () => {
    const ack = await send("agenda", { action, ...extra }, agendaError, agendaCard);
    if (ack?.phase) setPhase(ack.phase, Date.now());
    // A pressed button that is now disabled (Pause → Resume) would drop the focus.
    const active = document.activeElement;
    if (!active || active === document.body || active.disabled) {
      agendaButtons.find((b) => !b.disabled)?.focus();
    }
  });
}

for (const button of agendaButtons) {
  button.addEventListener("click", () => {
    const action = button.dataset.agenda;
    agenda(action, action === "extend" ? { minutes: Number(button.dataset.minutes) } : {});
  });
}

byId("extend-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const raw = byId("extend-minutes").value.trim().replace(",", ".");
  agenda("extend", { minutes: raw === "" ? null : Number(raw) });
});

// The phases editor: one row per phase, name and minutes.
function phaseRow(phase, index) {
  const number = index + 1;
  const row = el(
    "div",
    { class: "phase-row" },
    el("input", {
      type: "text",
      value: phase.name || "",
      maxLength: 80,
      dataset: { field: `phases[${index}].name`, focusKey: `row-name-${index}` },
      attrs: { "aria-label": format(t.phase_name, { number }), autocomplete: "off" },
    }),
    el("input", {
      type: "number",
      value: phase.minutes ?? "",
      min: "0.5",
      max: "480",
      step: "0.5",
      dataset: { field: `phases[${index}].minutes`, focusKey: `row-minutes-${index}` },
      attrs: { "aria-label": format(t.phase_minutes, { number }), inputmode: "decimal" },
    }),
    el(
      "button",
      {
        type: "button",
        class: "small",
        attrs: { "aria-label": format(t.remove_phase, { number }) },
        on: {
          click: () => {
            const rows = readPhaseRows();
            rows.splice(index, 1);
            editorDirty = true;
            fillPhaseRows(rows);
            const next = phaseRows.querySelectorAll("input[type=text]")[Math.min(index, rows.length - 1)];
            (next || byId("add-phase")).focus();
          },
        },
      },
      t.remove,
    ),
  );
  return row;
}

function fillPhaseRows(phases) {
  const rows = phases.length ? phases : [{ name: "", minutes: "" }];
  phaseRows.replaceChildren(...rows.map((p, i) => phaseRow(p, i)));
}

function readPhaseRows() {
  return [...phaseRows.querySelectorAll(".phase-row")].map((row) => {
    const [name, minutes] = row.querySelectorAll("input");
    return { name: name.value, minutes: minutes.value.trim().replace(",", ".") };
  });
}

phaseRows.addEventListener("input", () => {
  editorDirty = true;
});
byId("add-phase").addEventListener("click", () => {
  const rows = readPhaseRows();
  rows.push({ name: "", minutes: "" });
  editorDirty = true;
  fillPhaseRows(rows);
  const names = phaseRows.querySelectorAll("input[type=text]");
  names[names.length - 1]?.focus();
});
byId("phases-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const phases = readPhaseRows()
    .filter((p) => p.name.trim() || p.minutes !== "")
    .map((p) => ({ name: p.name, minutes: p.minutes === "" ? null : Number(p.minutes) }));
  await once("agenda", async () => {
    const ack = await send("agenda", { action: "set_phases", phases }, agendaError, agendaCard);
    if (ack?.phase) {
      editorDirty = false;
      setPhase(ack.phase, Date.now());
    }
  });
});
phasesEditor.addEventListener("toggle", () => {
  if (phasesEditor.open && !editorDirty) fillPhaseRows(state.phase?.phases || []);
});

// -- lock ----------------------------------------------------------------------------------

const lockButton = byId("lock-button");

function renderLock() {
  const s = state.workshopState;
  const text = byId("state-text");
  text.dataset.state = s;
  text.textContent = t[`state_${s}`] || t.state_open;
  lockButton.textContent = s === "locked" ? t.unlock : t.lock;
  lockButton.classList.toggle("primary", s === "locked");
  lockButton.disabled = s === "closed";
}

lockButton.addEventListener("click", () =>
  once("lock", async () => {
    const ack = await send("lock", { locked: state.workshopState !== "locked" }, byId("lock-error"), byId("room-card"));
    if (typeof ack?.state === "string") {
      state.workshopState = ack.state;
      renderLock();
    }
  }),
);

// -- broadcast -----------------------------------------------------------------------------

const message = byId("broadcast-message");
const counter = byId("broadcast-count");
const target = byId("broadcast-target");
message.dataset.field = "message";
target.dataset.field = "table_id";

function renderCounter() {
  const count = [...message.value].length;
  counter.textContent = format(t.counter, { count, max: MESSAGE_MAX });
  counter.classList.toggle("is-over", count > MESSAGE_MAX);
}
message.addEventListener("input", renderCounter);

byId("broadcast-form").addEventListener("submit", (event) => {
  event.preventDefault();
  once("broadcast", async () => {
    const tableId = target.value ? Number(target.value) : null;
    const sent = byId("broadcast-sent");
    sent.textContent = "";
    const ack = await send("broadcast", { message: message.value, table_id: tableId }, byId("broadcast-error"), byId("room-card"));
    if (!ack) return;
    message.value = "";
    renderCounter();
    const name = tableName(tableId);
    sent.textContent = tableId ? format(t.sent_table, { name }) : t.sent_all;
    addAnnouncement(ack.announcement);
  });
});

function tableName(tableId) {
  const row = allTables(state.overview).find(({ table }) => table.id === tableId);
  return row ? row.table.name : String(tableId ?? "");
}

function addAnnouncement(announcement) {
  if (!announcement || typeof announcement.id !== "number") return;
  if (state.announcements.some((a) => a.id === announcement.id)) return;
  state.announcements.unshift(announcement);
  state.announcements.splice(10);
  const log = byId("announcement-log");
  log.replaceChildren(
    ...state.announcements.map((a) => {
      const when = Date.parse(a.created_at || "");
      const time = Number.isFinite(when)
        ? new Date(when).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" })
        : "";
      const to = a.table_id ? format(t.table, { name: tableName(a.table_id) }) : t.to_all;
      return el("li", {}, el("span", { class: "muted" }, `${time} · ${to}: `), a.message);
    }),
  );
}

// -- voting --------------------------------------------------------------------------------

const votesInput = byId("voting-votes");
votesInput.dataset.field = "votes_per_participant";

function renderVoting() {
  const voting = state.voting || {};
  byId("voting-status").textContent = voting.open
    ? format(t.voting_open, { count: voting.votes_per_participant })
    : t.voting_closed;
  byId("voting-card").dataset.open = voting.open ? "true" : "false";
  const badge = byId("voting-badge");
  badge.textContent = voting.open ? t.voting_open_short : t.voting_closed_short;
  badge.className = `badge ${voting.open ? "ok" : "off"}`;
  byId("voting-close").disabled = !voting.open;
  if (document.activeElement !== votesInput && voting.votes_per_participant) {
    votesInput.value = String(voting.votes_per_participant);
  }
  renderTally();
}

function renderTally() {
  const ideas = [];
  for (const { table } of allTables(state.overview)) {
    for (const idea of table.ideas || []) if (idea.votes > 0) ideas.push({ idea, table });
  }
  ideas.sort((a, b) => b.idea.votes - a.idea.votes || a.idea.id - b.idea.id);
  const tally = byId("voting-tally");
  if (!ideas.length) {
    tally.replaceChildren(el("li", { class: "muted no-marker" }, t.no_votes));
    return;
  }
  tally.replaceChildren(
    ...ideas.slice(0, 10).map(({ idea, table }) =>
      el(
        "li",
        {},
        el("span", { class: "tally-title" }, idea.title || t.untitled),
        " ",
        el("span", { class: "muted" }, `(${format(t.table, { name: table.name })})`),
        " ",
        el("strong", {}, plural(t.votes, idea.votes)),
      ),
    ),
  );
}

byId("voting-form").addEventListener("submit", (event) => {
  event.preventDefault();
  once("voting", async () => {
    const raw = votesInput.value.trim();
    const votes = raw === "" ? null : Number(raw);
    const ack = await send(
      "voting",
      { open: true, votes_per_participant: Number.isInteger(votes) ? votes : raw },
      byId("voting-error"),
      byId("voting-card"),
    );
    if (ack?.voting) {
      state.voting = ack.voting;
      renderVoting();
    }
  });
});
byId("voting-close").addEventListener("click", () =>
  once("voting", async () => {
    const ack = await send("voting", { open: false }, byId("voting-error"), byId("voting-card"));
    if (ack?.voting) {
      state.voting = ack.voting;
      renderVoting();
      byId("voting-open").focus();
    }
  }),
);

// -- spotlight -----------------------------------------------------------------------------

function renderSpotlight() {
  const spot = state.spotlight || {};
  const status = byId("spotlight-status");
  if (spot.idea_id && spot.idea) {
    status.textContent = format(t.spotlight_at, { title: spot.idea.title || t.untitled, table: spot.idea.table || "–" });
  } else {
    status.textContent = t.spotlight_none;
  }
  byId("spotlight-clear").disabled = !spot.idea_id;
}

function spotlight(ideaId) {
  return once("spotlight", async () => {
    const ack = await send("spotlight", { idea_id: ideaId }, byId("spotlight-error"), byId("voting-card"));
    if (ack?.spotlight) {
      state.spotlight = ack.spotlight;
      renderSpotlight();
      renderOverview();
    }
  });
}

byId("spotlight-clear").addEventListener("click", () => spotlight(null));

// -- projector link ------------------------------------------------------------------------

const projectorError = byId("projector-error");
const projectorMessage = byId("projector-message");
const projectorLink = byId("projector-link");
const projectorUrl = byId("projector-url");

byId("projector-rotate").addEventListener("click", () =>
  once("projector", async () => {
    projectorMessage.textContent = "";
    const ack = await send("rotate_projector", {}, projectorError, byId("projector-card"));
    if (!ack) return;
    projectorUrl.value = ack.projector_url || "";
    byId("projector-open").href = ack.projector_url || "#";
    projectorLink.hidden = !ack.projector_url;
    projectorMessage.textContent = t.projector_made;
    projectorUrl.focus();
    projectorUrl.select();
  }),
);
byId("projector-revoke").addEventListener("click", () =>
  once("projector", async () => {
    projectorMessage.textContent = "";
    const ack = await send("rotate_projector", { revoke: true }, projectorError, byId("projector-card"));
    if (!ack) return;
    projectorUrl.value = "";
    projectorLink.hidden = true;
    projectorMessage.textContent = t.projector_revoked;
  }),
);
byId("projector-copy").addEventListener("click", async () => {
  projectorUrl.select();
  try {
    await navigator.clipboard.writeText(projectorUrl.value);
    projectorMessage.textContent = t.copied;
  } catch {
    projectorMessage.textContent = t.copy_failed;
  }
});

// -- diversity: suggested moves ------------------------------------------------------------

const suggestionsEl = byId("suggestions");
const diversityError = byId("diversity-error");

byId("suggest-moves").addEventListener("click", () =>
  once("suggest", async () => {
    const ack = await send("suggest_moves", {}, diversityError, byId("diversity-card"));
    if (!ack) return;
    state.suggestions = ack.suggestions || [];
    state.applied.clear();
    renderSuggestions();
  }),
);

function renderSuggestions() {
  const list = state.suggestions;
  if (!list) return;
  if (!list.length) {
    suggestionsEl.replaceChildren(el("p", { class: "muted" }, t.no_suggestions));
    return;
  }
  const names = new Map(allTables(state.overview).map(({ table }) => [String(table.id), table.name]));
  keepFocus(suggestionsEl, () => {
    suggestionsEl.replaceChildren(
      ...list.map((s) => {
        const headingId = `suggestion-${s.priority_id}`;
        const moves = (s.moves || []).map((move, index) => {
          const key = `${move.participant_id}:${move.to_table}`;
          const done = state.applied.has(key);
          const textId = `move-${s.priority_id}-${index}`;
          const text = format(t.move, {
            name: move.name,
            organisation: move.organisation,
            from_table: move.from_name,
            to_table: move.to_name,
          });
          return el(
            "li",
            { class: done ? "is-done" : "" },
            el("span", { id: textId }, text, " ", el("span", { class: "type-chip", dataset: { type: move.org_type } }, typeLabel(t, move.org_type))),
            " ",
            el(
              "button",
              {
                type: "button",
                class: "small",
                dataset: { focusKey: `apply-${key}` },
                attrs: { "aria-describedby": textId, "aria-disabled": done ? "true" : null },
                on: { click: () => !state.applied.has(key) && applyMove(move, key) },
              },
              done ? t.applied : t.apply,
            ),
          );
        });
        const invites = Object.entries(s.invite || {})
          .filter(([, types]) => types && types.length)
          .map(([tableId, types]) =>
            el(
              "li",
              {},
              format(t.invite_at, {
                name: names.get(tableId) || tableId,
                types: types.map((type) => typeLabel(t, type)).join(", "),
              }),
            ),
          );
        return el(
          "section",
          { class: "suggestion", attrs: { "aria-labelledby": headingId } },
          el("h3", { id: headingId }, s.priority),
          el("p", { class: "muted" }, format(t.flags, { before: s.flags_before, after: s.flags_after })),
          moves.length ? el("ol", { class: "moves" }, moves) : el("p", { class: "muted" }, t.no_moves),
          invites.length ? el("ul", { class: "invites" }, invites) : null,
        );
      }),
    );
  });
}

async function applyMove(move, key) {
  await once(`move-${key}`, async () => {
    const ack = await send(
      "move_participant",
      { participant_id: move.participant_id, table_id: move.to_table },
      diversityError,
      byId("diversity-card"),
    );
    if (!ack) return;
    state.applied.add(key);
    renderSuggestions();
  });
}

// -- overlapping drafts across tables ------------------------------------------------------

const clustersEl = byId("overview-clusters");
const merge = createMerge({ request: (event, payload) => transport.request(event, payload, 20000), t });

/** Each cluster: its drafts with their tables, and the strongest pair's similarity. */
let shownClusters = null; // unchanged clusters are not redrawn: a merge form keeps its choice
function renderClusters() {
  if (!clustersEl) return;
  const clusters = state.overview?.clusters || [];
  const shown = JSON.stringify(clusters);
  if (shown === shownClusters) return;
  shownClusters = shown;
  if (!clusters.length) {
    clustersEl.replaceChildren(el("li", { class: "muted no-marker" }, t.clusters_none));
    return;
  }
  clustersEl.replaceChildren(
    ...clusters.map((cluster) =>
      el(
        "li",
        { class: "ov-cluster", dataset: { ideaIds: (cluster.ideas || []).map((i) => i.id).join(" ") } },
        el(
          "ul",
          { class: "ov-cluster-drafts" },
          (cluster.ideas || []).map((idea) =>
            el(
              "li",
              { dataset: { ideaId: idea.id } },
              el("strong", { class: "ov-cluster-title" }, idea.title || t.untitled),
              " ",
              el("span", { class: "muted" }, `(${format(t.table, { name: idea.table })})`),
            ),
          ),
        ),
        el("span", { class: "ov-cluster-meta" }, format(t.similarity, { score: formatScore(cluster.score, lang) })),
        merge.form(cluster),
      ),
    ),
  );
}

// -- the tables ----------------------------------------------------------------------------

const tablesEl = byId("overview-tables");
const summaryEl = byId("overview-summary");

function renderOverview() {
  const overview = state.overview;
  if (!overview) return;
  renderSummary(summaryEl, overview.summary, t);
  renderClusters();
  keepFocus(tablesEl, () => {
    tablesEl.replaceChildren(
      ...(overview.priorities || []).map((priority) =>
        el(
          "section",
          { class: "ov-priority", attrs: { "aria-labelledby": `ov-priority-${priority.id}` } },
          el("h2", { id: `ov-priority-${priority.id}` }, priority.name),
          el("div", { class: "ov-grid" }, (priority.tables || []).map(tableCard)),
        ),
      ),
    );
  });
}

function tableCard(table) {
  const verdict = table.diversity?.state || "ok";
  const members = table.members || [];
  const online = members.filter((m) => m.online).length;
  const reasons = (table.diversity?.reasons || []).map((r) =>
    el("li", { dataset: { level: r.level } }, reasonText(r, lang)),
  );
  const voiceWarn = table.voice && table.voice.state === "warn";
  const voice = voiceWarn
    ? (table.voice.reasons || []).map((r) => el("li", { dataset: { level: r.level || "warn" } }, reasonText(r, lang)))
    : [];
  const groups = membersByType(members).map(([type, people]) =>
    el(
      "li",
      {},
      el("span", { class: "type-chip", dataset: { type } }, `${typeLabel(t, type)} ${people.length}`),
      " ",
      el(
        "span",
        { class: "ov-names" },
        people.flatMap((m, i) => [
          el("span", { class: m.online ? "is-online" : "" }, m.name),
          ` (${m.organisation})`,
          i < people.length - 1 ? ", " : "",
        ]),
      ),
    ),
  );
  const ideas = (table.ideas || []).map((idea) => ideaRow(idea));
  return el(
    "article",
    {
      class: "ov-table",
      dataset: { tableId: table.id, verdict },
      attrs: { "aria-labelledby": `ov-table-${table.id}` },
    },
    el(
      "header",
      { class: "ov-table-head" },
      el("h3", { id: `ov-table-${table.id}` }, format(t.table, { name: table.name })),
      el("span", { class: `verdict verdict-${verdict}` }, t.verdict[verdict] || verdict),
    ),
    el(
      "p",
      { class: "ov-people" },
      plural(t.people, members.length),
      members.length ? ` · ${format(t.online, { count: online })}` : "",
    ),
    reasons.length ? el("ul", { class: "ov-reasons" }, reasons) : null,
    voice.length
      ? el("ul", { class: "ov-reasons ov-voice", attrs: { "aria-label": t.voice.warn } }, voice)
      : null,
    groups.length ? el("ul", { class: "ov-types" }, groups) : el("p", { class: "muted" }, t.nobody),
    ideas.length ? el("ul", { class: "ov-ideas" }, ideas) : el("p", { class: "muted" }, t.no_ideas),
  );
}

function ideaRow(idea) {
  const pct = percent(idea.completeness);
  const edited = idea.last_activity ? format(t.edited, { when: relativeTime(idea.last_activity, lang) }) : t.not_edited;
  const spotlit = state.spotlight?.idea_id === idea.id;
  const meta = [format(t.filled, { percent: pct }), edited];
  if (idea.votes || state.voting?.open) meta.push(plural(t.votes, idea.votes || 0));
  const titleId = `ov-idea-${idea.id}`;
  return el(
    "li",
    { class: `ov-idea${spotlit ? " is-spotlit" : ""}`, dataset: { ideaId: idea.id } },
    el(
      "div",
      { class: "ov-idea-line" },
      el("span", { class: "ov-idea-title", id: titleId }, idea.title || t.untitled),
      idea.state === "ready" ? el("span", { class: "badge ok" }, t.ready) : null,
    ),
    el("span", { class: "bar", attrs: { "aria-hidden": "true" } }, el("span", { style: { width: `${pct}%` } })),
    el(
      "div",
      { class: "ov-idea-foot" },
      el("span", { class: "ov-idea-meta" }, meta.join(" · ")),
      el(
        "button",
        {
          type: "button",
          class: "small spotlight-button",
          dataset: { focusKey: `spot-${idea.id}` },
          attrs: { "aria-pressed": spotlit ? "true" : "false", "aria-describedby": titleId },
          on: { click: () => spotlight(spotlit ? null : idea.id) },
        },
        t.spotlight,
      ),
    ),
  );
}

// -- start ---------------------------------------------------------------------------------

function renderAll() {
  renderAgenda();
  renderLock();
  renderVoting();
  renderSpotlight();
  renderOverview();
  renderSuggestions();
}

setPhase(config.phase, Date.now());
renderCounter();
renderAll();
renderConnection();
// Relative times ("edited 3 minutes ago") age without new events.
setInterval(() => renderOverview(), 30000);
