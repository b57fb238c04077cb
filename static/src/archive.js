// Archiving a draft from the table's list (the `archive_idea` event), and the undo bar that
// everyone at the table sees when a draft leaves the list (`ideas_changed` "archived"):
// anyone there can bring it back with `restore_idea` for `undo_seconds`.
import { el, format } from "./dom.js";

const UNDO_MS = 120_000; // workshop/lifecycle.py UNDO_SECONDS

/**
 * `request(event, payload)` answers the ack; `t` holds archive, archive_label ("{title}"),
 * archived_note ("{title}"), merged_note ("{title}"), undo, error_other.
 */
export function createArchive({ bar, request, t }) {
  const notes = new Map(); // idea id -> its note in the bar

  function drop(ideaId) {
    notes.get(ideaId)?.remove();
    notes.delete(ideaId);
  }

  function problem(note, ack) {
    note.querySelector(".archive-error")?.remove();
    note.append(el("span", { class: "archive-error field-error" }, ack?.error?.message || t.error_other));
  }

  /** A draft left the list (archived here or elsewhere, or merged): say so, offer undo. */
  function left(idea, change) {
    drop(idea.id);
    const title = idea.title || "";
    const note = el("p", { class: "archive-note", attrs: { role: "status" } });
    if (change === "merged") {
      note.append(format(t.merged_note, { title }));
    } else {
      const undo = el("button", { type: "button", class: "link-button" }, t.undo);
      undo.addEventListener("click", async () => {
        undo.disabled = true;
        const ack = await request("restore_idea", { idea_id: idea.id }).catch(() => null);
        if (ack?.ok) drop(idea.id);
        else {
          undo.disabled = false;
          problem(note, ack);
        }
      });
      note.append(format(t.archived_note, { title }), " ", undo);
    }
    note.append(" ", el("button", { type: "button", class: "link-button", attrs: { "aria-label": t.dismiss }, on: { click: () => drop(idea.id) } }, "×"));
    notes.set(idea.id, note);
    bar.append(note);
    setTimeout(() => drop(idea.id), UNDO_MS);
  }

  /** The "Archive" button of one idea in the list. */
  function button(idea) {
    const title = idea.title || "";
    return el(
      "button",
      {
        type: "button",
        class: "link-button idea-archive",
        attrs: { "aria-label": format(t.archive_label, { title }) },
        on: {
          click: async (event) => {
            event.currentTarget.disabled = true;
            const ack = await request("archive_idea", { idea_id: idea.id }).catch(() => null);
            if (!ack?.ok) {
              const note = el("p", { class: "archive-note" });
              bar.append(note);
              problem(note, ack);
              setTimeout(() => note.remove(), 8000);
            }
          },
        },
      },
      t.archive,
    );
  }

  return { left, button, restored: drop };
}
