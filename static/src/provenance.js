// Where the opened idea came from (issue 13): a draft carried from an earlier event of the
// strategy is the same document; open_idea's ack carries `carried_from` (docs/protocol.md,
// "Carried drafts"), and the idea panel shows it under the heading, one line per carry:
// "Carried from Kemi sprint, table 2.1 (votes: 5)". Event and table names are people's
// text: they go in as text only (dom.js el), never as HTML.

import { el, format } from "./dom.js";
import { watchRequests } from "./transport.js";

/**
 * The lines to show for a carried_from list (pure, for tests).
 * @param {unknown} carried  the ack's carried_from: [{workshop_title, table, votes}]
 * @param {object} t         the page's strings (`carried_from`, a "{event}"-style template)
 */
export function provenanceLines(carried, t) {
  if (!Array.isArray(carried)) return [];
  return carried
    .filter((c) => c && typeof c === "object")
    .map((c) =>
      format(t.carried_from, {
        event: typeof c.workshop_title === "string" && c.workshop_title ? c.workshop_title : "–",
        table: typeof c.table === "string" && c.table ? c.table : "–",
        votes: Number.isInteger(c.votes) ? c.votes : 0,
      }),
    );
}

/**
 * @param {object} options
 * @param {HTMLElement} options.root  the panel's list (hidden while there is nothing to show)
 * @param {object} options.strings    the page's translated strings
 */
export function createProvenance({ root, strings }) {
  const known = new Map(); // idea id -> its lines, from its last open_idea ack
  let current = null;

  function render() {
    const lines = current === null ? [] : known.get(current) || [];
    root.replaceChildren(...lines.map((line) => el("li", {}, line)));
    root.hidden = lines.length === 0;
  }

  return {
    /** A transport whose open_idea acks feed this module (the rest passes through). */
    watch(base) {
      return watchRequests(base, {
        after(event, payload, ack) {
          if (event === "open_idea" && ack?.ok && Array.isArray(ack.carried_from)) {
            known.set(payload.idea_id, provenanceLines(ack.carried_from, strings));
            if (payload.idea_id === current) render();
          }
        },
      });
    },
    /** The idea now shown in the panel. */
    show(ideaId) {
      current = ideaId;
      render();
    },
    hide() {
      current = null;
      render();
    },
  };
}
