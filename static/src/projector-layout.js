// How the projector lays out its table cards: every table on one screen, as large as the
// area allows, no scrolling. Pure (tested in static/src/tests/projector-layout.test.js).
//
// A card reads best at about 16:10. For n cards in a W×H area we try every column count
// c (rows r = ceil(n / c)) and keep the one whose cards scale largest. When the tables
// fall into priorities, a layout with one column (or row) per priority keeps each priority
// together; it wins when its cards are nearly as large (within `groupTolerance`).

export const CARD_W = 16;
export const CARD_H = 10;

function scaleOf(cols, rows, width, height, gap) {
  const cw = (width - gap * (cols - 1)) / cols;
  const ch = (height - gap * (rows - 1)) / rows;
  if (cw <= 0 || ch <= 0) return 0;
  return Math.min(cw / CARD_W, ch / CARD_H);
}

/**
 * @param {object} o
 * @param {number[]} o.groups   number of tables in each priority, in order (empty ones allowed)
 * @param {number} o.width      area in px
 * @param {number} o.height
 * @param {number} [o.gap]      px between cards
 * @returns {{cols, rows, mode: "flow" | "columns" | "rows", cells: {col, row}[]}}
 *   cells[i] is where the i-th table (priority order) goes, 1-based grid lines.
 */
export function chooseLayout({ groups, width, height, gap = 12, groupTolerance = 0.9 }) {
  const sizes = (groups || []).filter((n) => n > 0);
  const count = sizes.reduce((a, b) => a + b, 0);
  if (count === 0) return { cols: 1, rows: 1, mode: "flow", cells: [] };

  let best = { cols: 1, rows: count, scale: -1 };
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    if ((rows - 1) * cols >= count) continue; // an empty last row: a smaller cols does it
    const scale = scaleOf(cols, rows, width, height, gap);
    if (scale > best.scale + 1e-9) best = { cols, rows, scale };
  }
  const flow = {
    cols: best.cols,
    rows: best.rows,
    mode: "flow",
    cells: Array.from({ length: count }, (_, i) => ({ col: (i % best.cols) + 1, row: Math.floor(i / best.cols) + 1 })),
  };
  if (sizes.length < 2) return flow;

  const longest = Math.max(...sizes);
  const candidates = [
    { mode: "columns", cols: sizes.length, rows: longest },
    { mode: "rows", cols: longest, rows: sizes.length },
  ].map((c) => ({ ...c, scale: scaleOf(c.cols, c.rows, width, height, gap) }));
  const grouped = candidates.sort((a, b) => b.scale - a.scale)[0];
  if (grouped.scale < best.scale * groupTolerance) return flow;

  const cells = [];
  sizes.forEach((size, g) => {
    for (let i = 0; i < size; i++) {
      cells.push(grouped.mode === "columns" ? { col: g + 1, row: i + 1 } : { col: i + 1, row: g + 1 });
    }
  });
  return { cols: grouped.cols, rows: grouped.rows, mode: grouped.mode, cells };
}
