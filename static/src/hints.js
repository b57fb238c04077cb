// The opened idea's "similar project" hints (issue #7): the mapped projects and the other
// drafts its text resembles, as the server sends them (`idea_related`, and `related` in the
// open_idea ack), each with a "Not related" button (`dismiss_related`; the server remembers
// it). Titles are people's text: they go in as text only (dom.js el), never as HTML.
// docs/protocol.md, "Overlap hints while drafting".

import "./hints.css";

import { el, format } from "./dom.js";
import { hintItems, hintsKey, projectDetails, safeLink, text } from "./hints-format.js";
import { watchRequests } from "./transport.js";

export const DISMISS_TIMEOUT_MS = 15000;

const same = (a, b) => a.kind === b.kind && a.id === b.id;

/**
 * @param {object} options
 * @param {HTMLElement} options.root   the hint block (a polite live region, empty = no hints)
 * @param {object} options.transport   connection.js's transport
 * @param {object} options.strings     the page's translated strings (hints_heading, ...)
 * @param {() => HTMLElement|null} [options.focusFallback]  where focus goes when the last
 *        hint is dismissed from the keyboard
 */
export function createHints({ root, transport, strings, focusFallback }) {
  const known = new Map(); // idea id -> the hint items last received for it
  let current = null; // the idea whose hints are shown
  let shownKey = null;
  let problem = null;

  function render() {
    const items = current === null ? [] : known.get(current) || [];
    const key = `${current}|${hintsKey(items)}|${problem || ""}`;
    if (key === shownKey) return;
    shownKey = key;
    // Keep keyboard focus on the same hint's button across a re-render.
    const focused = root.contains(document.activeElement)
      ? document.activeElement.closest?.(".idea-hint")
      : null;
    if (!items.length) {
      root.replaceChildren();
      return;
    }
    const parts = [
      el("h3", { class: "idea-hints-heading" }, strings.hints_heading),
      el("ul", { class: "idea-hints-list" }, ...items.map(hintElement)),
    ];
    if (problem) parts.push(el("p", { class: "idea-hints-problem" }, problem));
    root.replaceChildren(...parts);
    if (focused) {
      root
        .querySelector(`.idea-hint[data-kind="${focused.dataset.kind}"][data-id="${focused.dataset.id}"] button`)
        ?.focus();
    }
  }

  function hintElement(hint) {
    const link = hint.kind === "project" ? safeLink(hint.link) : null;
    const title = link
      ? el("a", { class: "idea-hint-title", href: link, target: "_blank", rel: "noopener noreferrer" }, hint.title)
      : el("strong", { class: "idea-hint-title" }, hint.title);
    const table = text(hint.table_name);
    const label =
      hint.kind === "project"
        ? strings.hint_project
        : table
          ? format(strings.hint_idea, { table })
          : strings.hint_idea_no_table;
    return el(
      "li",
      { class: "idea-hint", dataset: { kind: hint.kind, id: hint.id } },
      el(
        "span",
        { class: "idea-hint-text" },
        el("span", { class: "idea-hint-label" }, label),
        " ",
        title,
        hint.kind === "project" ? projectDetails(hint, strings.project_status || {}) : "",
      ),
      el(
        "button",
        {
          type: "button",
          class: "small idea-hint-dismiss",
          attrs: { "aria-label": format(strings.not_related_label, { title: hint.title }) },
          on: { click: (event) => dismiss(hint, event.currentTarget) },
        },
        strings.not_related,
      ),
    );
  }

  /** An `idea_related` payload, or an open_idea ack's `related` with its idea id. */
  function receive(payload) {
    if (!Number.isInteger(payload?.idea_id)) return;
    known.set(payload.idea_id, hintItems(payload));
    if (payload.idea_id === current) render();
  }

  function drop(ideaId, hint) {
    const items = known.get(ideaId);
    if (items) known.set(ideaId, items.filter((h) => !same(h, hint)));
  }

  async function dismiss(hint, button) {
    const ideaId = current;
    if (ideaId === null) return;
    const hadFocus = document.activeElement === button;
    const index = (known.get(ideaId) || []).findIndex((h) => same(h, hint));
    button.disabled = true;
    const payload = { idea_id: ideaId, [hint.kind === "project" ? "project_id" : "other_idea_id"]: hint.id };
    let ack = null;
    try {
      ack = await transport.request("dismiss_related", payload, DISMISS_TIMEOUT_MS);
    } catch {
      ack = null; // offline or no answer: nothing was saved
    }
    if (!ack?.ok) {
      button.disabled = false;
      problem = strings.hints_failed;
      render();
      return;
    }
    problem = null;
    drop(ideaId, hint);
    if (hint.kind === "idea") drop(hint.id, { kind: "idea", id: ideaId }); // holds both ways
    if (ideaId !== current) return;
    render();
    if (hadFocus) {
      const buttons = root.querySelectorAll(".idea-hint-dismiss");
      const next = buttons[Math.min(index, buttons.length - 1)] || focusFallback?.();
      next?.focus();
    }
  }

  return {
    /** Show the hints of this idea (the last known ones until the server sends more). */
    show(ideaId) {
      current = ideaId;
      problem = null;
      render();
    },
    /** No idea open: no hints. */
    clear() {
      current = null;
      problem = null;
      render();
    },
    receive,
    /** Pixels of the window's bottom the block covers while it sticks there (0 when it
     * is empty or sits at the end of the panel): editors keep the caret above it. */
    coveredBottom() {
      if (!root.childElementCount || getComputedStyle(root).position !== "sticky") return 0;
      const box = root.getBoundingClientRect();
      const covered = window.innerHeight - box.top;
      return covered > 0 ? Math.ceil(covered) + 8 : 0;
    },
    /** The transport for idea sessions, passing each open_idea ack's `related` to receive()
     * (null there means "not computed yet": the hints follow as an event). After
     * close_idea the page is out of the idea's room, so its hints are forgotten. */
    watch(base) {
      return watchRequests(base, {
        before(event, payload) {
          if (event === "close_idea") known.delete(payload?.idea_id);
        },
        after(event, payload, ack) {
          if (event === "open_idea" && ack?.ok && ack.related) {
            receive({ ...ack.related, idea_id: payload.idea_id });
          }
        },
      });
    },
  };
}
