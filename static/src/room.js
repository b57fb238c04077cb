// The room around a participant's table (templates/participant/_table_room.html and the
// diversity block of _table_members.html): the agenda's phase with its countdown, the
// facilitator's messages, the lock banner, a move to another table, the voting link, and the
// table's diversity chips ("Invite: municipality, association").
//
// table.js owns the connection and the editors; it starts this module with its socket and
// hands over each join_table ack (the joiner gets no table_state of its own join).

import { byId, el, format } from "./dom.js";
import { plural, reasonText, TYPE_ORDER, typeLabel } from "./overview-common.js";
import { PhaseClock } from "./phase.js";

const MOVE_DELAY_MS = 2500; // time to read the notice before landing at the new table
const MAX_ANNOUNCEMENTS = 3;

/**
 * @param {object} o
 * @param {import("socket.io-client").Socket} o.socket
 * @param {{connected: boolean, request: Function}} o.transport
 * @param {number} o.tableId      null on pages that are not a table (the gallery)
 * @param {string} o.workshopState
 */
export function startRoom({ socket, transport, tableId = null, workshopState = "open" }) {
  const t = JSON.parse(byId("room-strings").textContent);
  const lang = document.documentElement.lang || "fi";
  const state = { workshopState, announcements: [], dismissed: new Set(), voting: null, votesLeft: null };
  const phaseBox = byId("room-phase");
  const clock = phaseBox ? new PhaseClock(phaseBox, t, { onTick: (s) => (phaseBox.hidden = s.mode === "idle") }) : null;

  async function refresh() {
    let ack;
    try {
      ack = await transport.request("voting_state", {}, 15000);
    } catch {
      return;
    }
    if (!ack?.ok) return;
    const receivedAt = Date.now();
    if (ack.phase && clock) clock.update(ack.phase, receivedAt);
    if (typeof ack.state === "string") setWorkshopState(ack.state);
    state.voting = ack.voting || null;
    state.votesLeft = ack.votes_left;
    renderVoting();
    for (const a of [...(ack.announcements || [])].reverse()) addAnnouncement(a);
  }

  socket.on("connect", refresh);
  if (socket.connected) refresh();

  socket.on("phase", (phase) => clock?.update(phase, Date.now()));
  socket.on("workshop_state", (payload) => {
    if (typeof payload?.state === "string") setWorkshopState(payload.state);
  });
  socket.on("announcement", (a) => addAnnouncement(a));
  socket.on("voting", (voting) => {
    const opened = voting?.open && !state.voting?.open;
    state.voting = voting;
    if (opened) refresh(); // votes left depend on this participant's dots
    renderVoting();
  });
  socket.on("moved", (notice) => moved(notice));
  socket.on("table_state", (payload) => {
    if (tableId != null && payload?.table_id === tableId) renderDiversity(payload.diversity, payload.voice);
  });

  // -- lock ----------------------------------------------------------------------------------

  function setWorkshopState(next) {
    state.workshopState = next;
    const banner = byId("lock-banner");
    if (!banner) return;
    const text = next === "locked" ? t.locked_banner : next === "closed" ? t.closed_banner : "";
    if (banner.textContent.trim() !== text) banner.textContent = text;
  }

  // -- messages ------------------------------------------------------------------------------

  function addAnnouncement(a) {
    if (!a || typeof a.id !== "number") return;
    if (a.table_id != null && tableId != null && a.table_id !== tableId) return;
    if (state.announcements.some((x) => x.id === a.id) || state.dismissed.has(a.id)) return;
    state.announcements.unshift(a);
    state.announcements.sort((x, y) => y.id - x.id);
    state.announcements.splice(MAX_ANNOUNCEMENTS);
    renderAnnouncements();
  }

  function renderAnnouncements() {
    const list = byId("announcement-list");
    if (!list) return;
    // Only add and remove items: the live region then reads just the new message.
    const wanted = new Map(state.announcements.map((a) => [String(a.id), a]));
    for (const item of [...list.children]) if (!wanted.has(item.dataset.id)) item.remove();
    const present = new Set([...list.children].map((item) => item.dataset.id));
    state.announcements.forEach((a, index) => {
      if (present.has(String(a.id))) return;
      const when = Date.parse(a.created_at || "");
      const time = Number.isFinite(when)
        ? new Date(when).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" })
        : "";
      const item = el(
        "li",
        { class: "announcement", dataset: { id: a.id } },
        el(
          "p",
          {},
          el("span", { class: "announcement-label" }, `${a.table_id ? t.announcement_table : t.announcement}${time ? ` (${time})` : ""}: `),
          el("span", { class: "announcement-text" }, a.message),
        ),
        el(
          "button",
          {
            type: "button",
            class: "link-button",
            on: {
              click: () => {
                state.dismissed.add(a.id);
                state.announcements = state.announcements.filter((x) => x.id !== a.id);
                item.remove();
              },
            },
          },
          t.dismiss,
        ),
      );
      const before = list.children[index];
      if (before) list.insertBefore(item, before);
      else list.append(item);
    });
  }

  // -- voting --------------------------------------------------------------------------------

  function renderVoting() {
    const box = byId("room-vote");
    if (!box) return;
    const open = Boolean(state.voting?.open);
    box.hidden = !open;
    const left = byId("votes-left");
    if (left) left.textContent = open && typeof state.votesLeft === "number" ? plural(t.votes_left, state.votesLeft) : "";
  }

  // -- moved by the facilitator -------------------------------------------------------------

  function moved(notice) {
    if (!notice || typeof notice.url !== "string") return;
    const box = byId("moved-notice");
    if (box) {
      box.replaceChildren(
        format(t.moved, { name: notice.table || "" }),
        " ",
        el("a", { href: notice.url }, format(t.moved_link, { name: notice.table || "" })),
      );
    }
    if (tableId == null) return; // the gallery: stay, the link is there
    setTimeout(() => location.assign(notice.url), MOVE_DELAY_MS);
  }

  // -- diversity -----------------------------------------------------------------------------

  function renderDiversity(diversity, voice) {
    const box = byId("table-diversity");
    if (!box || !diversity) return;
    box.hidden = false;
    box.dataset.verdict = diversity.state || "";
    byId("table-reasons").replaceChildren(
      ...(diversity.reasons || []).map((r) => el("li", { dataset: { level: r.level, code: r.code } }, reasonText(r, lang))),
    );
    const rank = (key) => (TYPE_ORDER.indexOf(key) + 1 || TYPE_ORDER.length + 1);
    const invite = [...new Set(diversity.invite || [])].sort((a, b) => rank(a) - rank(b));
    byId("invite-chips").replaceChildren(
      ...invite.map((type) => el("li", { class: "type-chip invite-chip", dataset: { type } }, typeLabel(t, type))),
    );
    byId("table-invite").hidden = invite.length === 0;
    const voiceReasons = voice && voice.state === "warn" ? voice.reasons || [] : [];
    byId("table-voice").replaceChildren(
      ...voiceReasons.map((r) => el("li", { dataset: { level: r.level, code: r.code } }, reasonText(r, lang))),
    );
  }

  return {
    /** join_table answered: it carries the table's diversity (voice comes with table_state). */
    joined(ack) {
      if (ack?.diversity) renderDiversity(ack.diversity, ack.voice);
    },
  };
}
