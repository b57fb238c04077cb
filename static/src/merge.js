// The overview's overlapping-drafts card offers to merge two drafts of a cluster
// (`merge_ideas`, the facilitator's alone): pick the draft to keep, the other's text is
// appended to it and the other is archived as merged. The server answers a repeat as done.
import { el, format } from "./dom.js";

let formCount = 0;

/**
 * `request(event, payload)` answers the ack; `t` holds merge_source, merge_target,
 * merge_button, merge_confirm ("{source}", "{target}"), merge_done ("{source}",
 * "{target}"), merge_same, untitled, error_other.
 */
export function createMerge({ request, t }) {
  function options(ideas, selected) {
    return ideas.map((idea) =>
      el("option", { value: String(idea.id), selected: idea.id === selected }, idea.title || t.untitled),
    );
  }

  /** A small form under one cluster: merge [source] into [target]. */
  function form(cluster) {
    const ideas = cluster.ideas || [];
    if (ideas.length < 2) return null;
    const n = ++formCount;
    const source = el("select", { id: `merge-source-${n}` }, options(ideas, ideas[1].id));
    const target = el("select", { id: `merge-target-${n}` }, options(ideas, ideas[0].id));
    const status = el("p", { class: "ov-merge-status", attrs: { role: "status" } });
    const button = el("button", { type: "submit" }, t.merge_button);
    const box = el(
      "form",
      { class: "ov-merge" },
      el("label", { attrs: { for: source.id } }, t.merge_source),
      source,
      el("label", { attrs: { for: target.id } }, t.merge_target),
      target,
      button,
      status,
    );
    box.addEventListener("submit", async (event) => {
      event.preventDefault();
      const sourceId = Number(source.value);
      const targetId = Number(target.value);
      const title = (id) => ideas.find((i) => i.id === id)?.title || t.untitled;
      if (sourceId === targetId) {
        status.textContent = t.merge_same;
        return;
      }
      const names = { source: title(sourceId), target: title(targetId) };
      if (!window.confirm(format(t.merge_confirm, names))) return;
      button.disabled = true;
      const ack = await request("merge_ideas", { source_id: sourceId, target_id: targetId }).catch(() => null);
      button.disabled = false;
      status.textContent = ack?.ok ? format(t.merge_done, names) : ack?.error?.message || t.error_other;
    });
    return box;
  }

  return { form };
}
