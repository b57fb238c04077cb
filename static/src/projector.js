// The projector's big screen (templates/projector/view.html): read-only, no login. Connects
// with auth {projector: token}, emits `watch_overview` {} and re-renders on `overview`,
// `phase`, `voting`, `spotlight`, `workshop_state` and `announcement`. Every table fits on
// the screen (projector-layout.js); a spotlighted idea is shown large over the grid.

import { createChime } from "./chime.js";
import { connect } from "./connection.js";
import { byId, el, format } from "./dom.js";
import {
  allTables, percent, plural, reasonText, renderSummary, typeCounts, typeLabel,
} from "./overview-common.js";
import { PhaseClock } from "./phase.js";
import { chooseLayout } from "./projector-layout.js";

const config = JSON.parse(byId("projector-config").textContent);
const t = JSON.parse(byId("overview-strings").textContent);
const lang = config.lang || document.documentElement.lang || "fi";
const ANNOUNCEMENT_MS = 3 * 60 * 1000; // a broadcast stays on the screen this long

const state = {
  overview: config.overview,
  voting: config.voting || { open: false },
  spotlight: config.spotlight || { idea_id: null },
  workshopState: config.state,
  everConnected: false,
  refused: false,
};

const root = byId("projector");
const grid = byId("pj-grid");
const chime = createChime({ button: byId("pj-chime"), t });
const clock = new PhaseClock(byId("pj-phase"), t, { onTimeUp: () => chime.play() });
clock.update(config.phase);

const { socket, transport } = connect({
  auth: { projector: config.token },
  onConnect: watch,
  onDisconnect: () => {},
  onRefused: (message) => {
    if (/unauthori[sz]ed/i.test(message)) state.refused = true;
    renderStatus();
  },
  onChange: renderStatus,
});

async function watch() {
  state.refused = false;
  state.everConnected = true;
  let ack;
  try {
    ack = await transport.request("watch_overview", {}, 15000);
  } catch {
    transport.reconnect();
    return;
  }
  if (!ack?.ok) return;
  const receivedAt = Date.now();
  if (ack.overview) state.overview = ack.overview;
  if (ack.voting) state.voting = ack.voting;
  if (ack.spotlight) state.spotlight = ack.spotlight;
  if (typeof ack.state === "string") state.workshopState = ack.state;
  if (ack.phase) clock.update(ack.phase, receivedAt);
  root.dataset.live = "true";
  render();
}

socket.on("overview", (overview) => {
  state.overview = overview;
  if (typeof overview?.workshop?.state === "string") state.workshopState = overview.workshop.state;
  renderTables();
  renderStatus();
});
socket.on("phase", (phase) => clock.update(phase, Date.now()));
socket.on("voting", (voting) => {
  state.voting = voting;
  renderStatus();
  renderTables();
});
socket.on("spotlight", (spotlight) => {
  state.spotlight = spotlight;
  renderSpotlight();
});
socket.on("workshop_state", (payload) => {
  if (typeof payload?.state !== "string") return;
  state.workshopState = payload.state;
  renderStatus();
});
socket.on("announcement", (announcement) => {
  // Only the broadcasts to every table belong on the big screen.
  if (!announcement || announcement.table_id) return;
  showAnnouncement(announcement.message);
});

// -- header --------------------------------------------------------------------------------

function renderStatus() {
  byId("pj-locked").hidden = state.workshopState !== "locked";
  byId("pj-voting").hidden = !state.voting?.open;
  byId("pj-offline").hidden = transport.connected || state.refused || !state.everConnected;
  if (!transport.connected) delete root.dataset.live;
  byId("pj-refused").hidden = !state.refused;
}

let announcementTimer = null;
function showAnnouncement(message) {
  const box = byId("pj-announcement");
  box.replaceChildren(el("span", { class: "pj-announcement-label" }, `${t.announcement}: `), String(message || ""));
  box.hidden = false;
  layout();
  clearTimeout(announcementTimer);
  announcementTimer = setTimeout(() => {
    box.hidden = true;
    layout();
  }, ANNOUNCEMENT_MS);
}

// -- tables --------------------------------------------------------------------------------

function renderTables() {
  const overview = state.overview;
  if (!overview) return;
  renderSummary(byId("overview-summary"), overview.summary, t);
  const rows = allTables(overview);
  grid.replaceChildren(...rows.map(({ priority, table }) => card(priority, table)));
  layout();
}

function card(priority, table) {
  const verdict = table.diversity?.state || "ok";
  const chips = typeCounts(table.types).map(([type, count]) =>
    el("li", { class: "type-chip", dataset: { type } }, `${typeLabel(t, type)} ${count}`),
  );
  const reason = (table.diversity?.reasons || []).find((r) => r.level !== "info");
  const showVotes = Boolean(state.voting?.open) || (table.ideas || []).some((i) => i.votes > 0);
  const ideas = (table.ideas || []).map((idea) => {
    const pct = percent(idea.completeness);
    return el(
      "li",
      { dataset: { ideaId: idea.id } },
      el("span", { class: "pj-idea-title" }, idea.title || t.untitled),
      showVotes && idea.votes
        ? el("span", { class: "pj-votes", attrs: { title: plural(t.votes, idea.votes) } }, `● ${idea.votes}`)
        : null,
      el("span", { class: "pj-pct" }, `${pct} %`),
      el("span", { class: "bar", attrs: { "aria-hidden": "true" } }, el("span", { style: { width: `${pct}%` } })),
    );
  });
  return el(
    "article",
    {
      class: "pj-card",
      dataset: { tableId: table.id, verdict },
      attrs: { "aria-labelledby": `pj-table-${table.id}` },
    },
    el(
      "header",
      { class: "pj-card-head" },
      el("h2", { id: `pj-table-${table.id}` }, format(t.table, { name: table.name })),
      el("span", { class: `verdict verdict-${verdict}` }, t.verdict[verdict] || verdict),
    ),
    el("p", { class: "pj-priority" }, priority.name),
    chips.length
      ? el("ul", { class: "pj-chips" }, chips)
      : el("p", { class: "pj-empty" }, t.nobody),
    reason ? el("p", { class: "pj-reason" }, reasonText(reason, lang)) : null,
    ideas.length ? el("ul", { class: "pj-ideas" }, ideas) : el("p", { class: "pj-empty" }, t.no_ideas),
  );
}

/** Give the grid as many columns and rows as fit best, then trim idea lists that overflow. */
function layout() {
  const overview = state.overview;
  if (!overview) return;
  const groups = (overview.priorities || []).map((p) => (p.tables || []).length);
  const box = grid.getBoundingClientRect();
  const gap = parseFloat(getComputedStyle(grid).columnGap) || 12;
  const chosen = chooseLayout({ groups, width: box.width, height: box.height, gap });
  grid.style.setProperty("--cols", String(chosen.cols));
  grid.style.setProperty("--rows", String(chosen.rows));
  grid.dataset.layout = chosen.mode;
  [...grid.children].forEach((node, i) => {
    const cell = chosen.cells[i];
    if (!cell) return;
    node.style.gridColumn = String(cell.col);
    node.style.gridRow = String(cell.row);
  });
  requestAnimationFrame(trimIdeas);
}

/** Ideas that do not fit in a card are summed up as "+ 3 more" instead of being cut. */
function trimIdeas() {
  for (const list of grid.querySelectorAll(".pj-ideas")) {
    list.querySelector(".pj-more")?.remove();
    const items = [...list.children];
    for (const item of items) item.hidden = false;
    if (list.scrollHeight <= list.clientHeight + 1) continue;
    const more = el("li", { class: "pj-more" }, "");
    list.append(more);
    let hidden = 0;
    for (let i = items.length - 1; i >= 0 && list.scrollHeight > list.clientHeight + 1; i--) {
      items[i].hidden = true;
      hidden += 1;
      more.textContent = format(t.more_ideas, { count: hidden });
    }
  }
}

// -- spotlight -----------------------------------------------------------------------------

function renderSpotlight() {
  const spot = state.spotlight || {};
  const section = byId("pj-spotlight");
  const on = Boolean(spot.idea_id && spot.idea);
  root.dataset.spotlight = on ? "on" : "off";
  section.hidden = !on;
  if (!on) return;
  const idea = spot.idea;
  byId("pj-spotlight-table").textContent = idea.table ? format(t.table, { name: idea.table }) : "";
  byId("pj-spotlight-title").textContent = idea.title || t.untitled;
  const fields = (idea.fields || []).filter((f) => f.key !== "title" && String(f.text || "").trim());
  byId("pj-spotlight-fields").replaceChildren(
    ...(fields.length
      ? fields.map((f) =>
          el("div", { class: "pj-field" }, el("dt", {}, f.label || f.key), el("dd", {}, String(f.text).trim())),
        )
      : [el("div", { class: "pj-field" }, el("dd", { class: "pj-empty" }, t.spotlight_empty))]),
  );
}

// -- start ---------------------------------------------------------------------------------

function render() {
  renderStatus();
  renderTables();
  renderSpotlight();
}

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(layout, 100);
});
render();
document.fonts?.ready.then(layout);
