// What the facilitator's overview, the projector and the participant's table page share:
// labels of organisation types and verdicts, the summary line, relative times, and how an
// error acknowledgement ({ok: false, error: {code, message, fields?}}) is shown.
// User data only ever goes in as text (dom.js).

import { el, format } from "./dom.js";

// The organisation types in the order of workshop/orgtypes.py (JSON objects lose order).
export const TYPE_ORDER = [
  "company", "research", "education", "municipality",
  "public_authority", "development", "civil_society", "other",
];
export const VERDICTS = ["ok", "warn", "lacking", "needs_people"];

/** "1 person" / "5 people" from [one, other] forms with a {count} placeholder. */
export function plural(forms, count) {
  const form = Array.isArray(forms) ? forms[count === 1 ? 0 : 1] : forms;
  return format(form, { count });
}

export function typeLabel(t, key) {
  return (t.type_short && t.type_short[key]) || key || "";
}

/** A reason's sentence in the page's language (reasons carry `text: {fi, en}`). */
export function reasonText(reason, lang) {
  const text = reason && reason.text;
  if (typeof text === "string") return text;
  if (text && typeof text === "object") return text[lang] || text.fi || text.en || "";
  return (reason && reason.msgid) || "";
}

/** [[type, count], ...] in the canonical order, unknown types last. */
export function typeCounts(types) {
  const entries = Object.entries(types || {}).filter(([, n]) => n > 0);
  const rank = (key) => {
    const i = TYPE_ORDER.indexOf(key);
    return i === -1 ? TYPE_ORDER.length : i;
  };
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
}

/** Members grouped by organisation type, in the canonical order. */
export function membersByType(members) {
  const groups = new Map();
  for (const m of members || []) {
    const key = m.org_type || "other";
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(m);
  }
  const rank = (key) => {
    const i = TYPE_ORDER.indexOf(key);
    return i === -1 ? TYPE_ORDER.length : i;
  };
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** Every table of the overview with its priority, in priority order. */
export function allTables(overview) {
  const rows = [];
  for (const priority of overview?.priorities || []) {
    for (const table of priority.tables || []) rows.push({ priority, table });
  }
  return rows;
}

/** Suggested moves without the people the overview no longer shows (removed from the
 *  workshop, or their names erased), so that a list on screen drops their names too. */
export function movesOfPresent(suggestions, overview) {
  if (!suggestions) return suggestions;
  const here = new Set();
  for (const { table } of allTables(overview)) for (const m of table.members || []) here.add(m.id);
  return suggestions.map((s) => ({ ...s, moves: (s.moves || []).filter((m) => here.has(m.participant_id)) }));
}

/** Completeness 0..1 as a whole percentage. */
export function percent(value) {
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.min(100, Math.round(n * 100))) : 0;
}

/** A similarity score 0..1 with two decimals in the page's language ("0,61" in Finnish). */
export function formatScore(score, lang) {
  const n = Number(score);
  if (!Number.isFinite(n)) return "";
  try {
    return n.toLocaleString(lang || undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  } catch {
    return n.toFixed(2);
  }
}

/** "3 minutes ago" in the page's language (Intl), or "" without a time. */
export function relativeTime(iso, lang, now = Date.now()) {
  const then = Date.parse(iso || "");
  if (!Number.isFinite(then)) return "";
  const seconds = Math.round((then - now) / 1000);
  const size = Math.abs(seconds);
  let value = seconds;
  let unit = "second";
  if (size >= 86400) [value, unit] = [Math.round(seconds / 86400), "day"];
  else if (size >= 3600) [value, unit] = [Math.round(seconds / 3600), "hour"];
  else if (size >= 60) [value, unit] = [Math.round(seconds / 60), "minute"];
  else if (size < 10) value = 0;
  try {
    return new Intl.RelativeTimeFormat(lang || undefined, { numeric: "auto" }).format(value, unit);
  } catch {
    return "";
  }
}

/** The summary line: <dl id="overview-summary"> with one <div data-stat> per number. */
export function renderSummary(root, summary, t) {
  if (!root || !summary) return;
  const set = (key, text, flagged = false) => {
    const box = root.querySelector(`[data-stat="${key}"]`);
    if (!box) return;
    const dd = box.querySelector("dd");
    if (dd.textContent !== text) dd.textContent = text;
    box.classList.toggle("is-flagged", flagged);
  };
  set("participants", String(summary.participants ?? 0));
  set("organisations", String(summary.organisations ?? 0));
  set("ideas", String(summary.ideas ?? 0));
  set(
    "tables_flagged",
    format(t.of, { flagged: summary.tables_flagged ?? 0, tables: summary.tables ?? 0 }),
    (summary.tables_flagged ?? 0) > 0,
  );
}

/**
 * Show an error acknowledgement in `box` (role="alert" in the markup): the message and each
 * field's problem; inputs inside `scope` with a matching data-field get aria-invalid.
 * Pass error null to clear.
 */
export function showAckError(box, error, scope = document) {
  if (!box) return;
  for (const node of scope.querySelectorAll("[data-field][aria-invalid]")) node.removeAttribute("aria-invalid");
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const fields = error.fields && typeof error.fields === "object" ? Object.entries(error.fields) : [];
  const items = fields.map(([name, message]) => {
    const input = [...scope.querySelectorAll("[data-field]")].find((node) => node.dataset.field === name);
    if (input) input.setAttribute("aria-invalid", "true");
    const label = input ? labelOf(input) : name;
    return el("li", {}, label ? `${label}: ` : "", String(message));
  });
  box.replaceChildren(
    el("p", { class: "ack-message" }, String(error.message || "")),
    items.length ? el("ul", { class: "ack-fields" }, items) : null,
  );
  box.hidden = false;
}

function labelOf(input) {
  if (input.getAttribute("aria-label")) return input.getAttribute("aria-label");
  if (input.id) {
    const label = document.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    if (label) return label.textContent.trim();
  }
  return input.dataset.field;
}

/**
 * Send an event with an acknowledgement; answer the ack when ok, else show why in `errorBox`
 * and answer null. Never throws.
 */
export async function call(transport, event, payload, { errorBox = null, scope = document, t, timeoutMs = 15000 } = {}) {
  showAckError(errorBox, null, scope);
  if (!transport.connected) {
    showAckError(errorBox, { message: t.error_offline }, scope);
    return null;
  }
  let ack;
  try {
    ack = await transport.request(event, payload, timeoutMs);
  } catch {
    showAckError(errorBox, { message: t.error_timeout }, scope);
    return null;
  }
  if (!ack || !ack.ok) {
    showAckError(errorBox, (ack && ack.error) || { message: t.error_timeout }, scope);
    return null;
  }
  return ack;
}

/** Re-render a region without losing the keyboard focus: elements carry data-focus-key. */
export function keepFocus(container, render) {
  const active = document.activeElement;
  const key = active && container.contains(active) ? active.dataset.focusKey : null;
  render();
  if (key) {
    const again = [...container.querySelectorAll("[data-focus-key]")].find((n) => n.dataset.focusKey === key);
    if (again && again !== document.activeElement) again.focus({ preventScroll: true });
  }
}
