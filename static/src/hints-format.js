// What the "similar project" hints show, as plain data and text (no DOM: tested in Node,
// static/src/tests/hints.test.js). hints.js renders it.

const validId = (item) => Number.isInteger(item?.id) && typeof item.title === "string";
/** A string trimmed; anything else as "". */
export const text = (value) => (typeof value === "string" ? value.trim() : "");

/** The hints as one list: the projects, then the drafts, each best first as sent. */
export function hintItems(related) {
  const projects = Array.isArray(related?.projects) ? related.projects.filter(validId) : [];
  const ideas = Array.isArray(related?.ideas) ? related.ideas.filter(validId) : [];
  return [
    ...projects.map((p) => ({ ...p, kind: "project" })),
    ...ideas.map((i) => ({ ...i, kind: "idea" })),
  ];
}

/** What a person sees of the hints: re-render (and re-announce) only when it changes. */
export function hintsKey(items) {
  return JSON.stringify(
    items.map((h) => [h.kind, h.id, h.title, text(h.organisation), text(h.period), text(h.status), text(h.status_key), text(h.table_name), text(h.link)]),
  );
}

/** " — organisation, period, status" of a project, leaving out what the survey did not
 * say (the status tells a planned project from a running one). A known status
 * (`status_key`) is said in the page's language (`statusLabels`), any other as written. */
export function projectDetails(project, statusLabels = {}) {
  const status = (project.status_key && text(statusLabels[project.status_key])) || text(project.status);
  const parts = [text(project.organisation), text(project.period), status].filter(Boolean);
  return parts.length ? ` — ${parts.join(", ")}` : "";
}

/** The project's link when it is a web address (never javascript: or the like). */
export function safeLink(link) {
  const value = text(link);
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value).href;
  } catch {
    return null;
  }
}
