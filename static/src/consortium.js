// The consortium of the opened idea (issue #4, item 5; templates/participant/_idea_consortium.html):
// the organisations named in its lead and partners fields as the server recognised them
// (name + type), the helixes they reach and miss, and the names it does not know.
//
// The summary comes in open_idea's ack (`consortium`) and in the `idea_consortium` event
// {idea_id, consortium}, sent to the idea's room when a projection changes it (within ~1–2 s
// of typing). table.js starts this module, lets it tap the transport its idea sessions use
// (to read the open acks) and says which idea is shown; its styles (consortium.css) are
// imported by table.js, so that node's tests can import this module. User text only ever
// goes in as text.

import { byId, el, format } from "./dom.js";
import { watchRequests } from "./transport.js";

export const HELIX_ORDER = ["business", "research_education", "public_sector", "civil_society"];
// A helix chip takes the colours of a type in it (static/css/app.css, .type-chip[data-type]).
const HELIX_COLOUR_TYPE = {
  business: "company",
  research_education: "research",
  public_sector: "municipality",
  civil_society: "civil_society",
};

const list = (value) => (Array.isArray(value) ? value : []);
const key = (text) => String(text ?? "").normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ");

/**
 * What the block shows for a summary (pure, for tests).
 * @param {object} summary  {lead, partners, helixes, missing_helixes, unknown} as the server sends it
 * @param {object} t        the strings of _idea_consortium.html
 * @param {object} orgTypes organisation type key -> label (table-config's org_types)
 */
export function describeConsortium(summary, t, orgTypes = {}) {
  const s = summary && typeof summary === "object" ? summary : {};
  const recognised = [];
  const seen = new Set();
  for (const [role, entries] of [["lead", s.lead], ["partner", s.partners]]) {
    for (const entry of list(entries)) {
      const org = entry && entry.organisation;
      if (!org || typeof org.name !== "string") continue;
      const id = `${role}:${org.id}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const text = typeof entry.text === "string" ? entry.text : "";
      recognised.push({
        name: org.name,
        type: typeof org.org_type === "string" ? org.org_type : "",
        typeLabel: orgTypes[org.org_type] || org.org_type || "",
        role: role === "lead" ? t.role_lead : t.role_partner,
        written: text && key(text) !== key(org.name) ? format(t.written, { text }) : "",
      });
    }
  }
  const reached = new Set(list(s.helixes));
  const helix = (h) => ({ key: h, label: (t.helix && t.helix[h]) || h, colour: HELIX_COLOUR_TYPE[h] });
  const present = HELIX_ORDER.filter((h) => reached.has(h)).map(helix);
  const missing = HELIX_ORDER.filter((h) => !reached.has(h)).map(helix);
  const unknown = list(s.unknown)
    .filter((name) => typeof name === "string" && name)
    .map((name) => format(t.unknown, { name }));
  const empty = list(s.lead).length + list(s.partners).length === 0;
  const live = empty
    ? t.live_empty
    : format(t.live, {
        recognised: recognised.length,
        unknown: unknown.length,
        reached: present.length,
        total: HELIX_ORDER.length,
      });
  return { empty, recognised, present, missing, unknown, live };
}

/**
 * @param {object} o
 * @param {import("socket.io-client").Socket} o.socket
 * @param {object} [o.orgTypes]  organisation type key -> label
 */
export function startConsortium({ socket, orgTypes = {} }) {
  const root = byId("idea-consortium");
  const t = root ? JSON.parse(byId("consortium-strings").textContent) : null;
  const summaries = new Map(); // idea id -> the latest summary while this page is in its room
  let current = null;
  let lastLive = "";

  function render(announce) {
    if (!root) return;
    const summary = current === null ? undefined : summaries.get(current);
    if (!summary) {
      root.hidden = true;
      return;
    }
    const view = describeConsortium(summary, t, orgTypes);
    root.hidden = false;
    byId("consortium-empty").hidden = !view.empty;
    byId("consortium-details").hidden = view.empty;
    byId("consortium-recognised-label").hidden = view.recognised.length === 0;
    byId("consortium-orgs").replaceChildren(
      ...view.recognised.map((org) =>
        el(
          "li",
          { class: "consortium-org" },
          el("span", { class: "consortium-name" }, org.name),
          " ",
          el("span", { class: "type-chip", dataset: { type: org.type } }, org.typeLabel),
          " ",
          el("span", { class: "consortium-role" }, org.role),
          org.written ? el("span", { class: "consortium-written" }, ` · ${org.written}`) : null,
        ),
      ),
    );
    const chips = (helixes, missing) =>
      helixes.map((h) =>
        el(
          "li",
          {
            class: `type-chip helix-chip${missing ? " is-missing" : ""}`,
            dataset: missing ? { helix: h.key } : { helix: h.key, type: h.colour },
          },
          h.label,
        ),
      );
    byId("consortium-reached").replaceChildren(
      ...(view.present.length ? chips(view.present, false) : [el("li", { class: "muted" }, t.none_reached)]),
    );
    byId("consortium-missing").replaceChildren(
      ...(view.missing.length ? chips(view.missing, true) : [el("li", { class: "muted" }, t.none_missing)]),
    );
    byId("consortium-unknown").replaceChildren(...view.unknown.map((text) => el("li", {}, text)));
    // Screen readers hear a short summary when the counts change, not every keystroke's list.
    const live = byId("consortium-live");
    if (!announce) {
      live.textContent = "";
      lastLive = view.live;
    } else if (view.live !== lastLive) {
      live.textContent = view.live;
      lastLive = view.live;
    }
  }

  function remember(ideaId, summary) {
    if (typeof ideaId !== "number" || !summary || typeof summary !== "object") return false;
    summaries.set(ideaId, summary);
    return ideaId === current;
  }

  socket.on("idea_consortium", (payload) => {
    if (remember(payload?.idea_id, payload?.consortium)) render(true);
  });

  return {
    /** A transport whose open_idea acks feed this module (the rest passes through). */
    tap(transport) {
      return watchRequests(transport, {
        before(event, payload) {
          if (event === "close_idea") summaries.delete(payload?.idea_id); // out of its room
        },
        after(event, payload, ack) {
          if (event === "open_idea" && ack?.ok && remember(payload?.idea_id, ack.consortium)) {
            render(current !== null && lastLive !== "");
          }
        },
      });
    },
    /** The idea now shown in the panel. */
    show(ideaId) {
      current = ideaId;
      lastLive = "";
      render(false);
    },
    hide() {
      current = null;
      render(false);
    },
  };
}
