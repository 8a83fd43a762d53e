// How the console divides the terminal: panes side by side when both fit at a readable width,
// stacked otherwise (80 columns stacks them), and how many rows each pane may use. Pure, so the
// arithmetic is tested without a terminal.
import type { PaneRow } from './pane-model.js';

/** Below this a pane's rows (label, then "→ lab-b streaming async · lag 0 B / 0 s") get cut. */
export const MIN_SIDE_BY_SIDE_COLUMNS = 100;

export interface PaneArea {
  stacked: boolean;
  paneWidth: number;
  /** Lines each pane may take, including its title lines and border. */
  paneHeight: number;
}

export function paneArea(columns: number, availableRows: number): PaneArea {
  const stacked = columns < MIN_SIDE_BY_SIDE_COLUMNS;
  return stacked
    ? { stacked, paneWidth: columns, paneHeight: Math.max(3, Math.floor(availableRows / 2)) }
    : { stacked, paneWidth: Math.floor(columns / 2), paneHeight: Math.max(3, availableRows) };
}

/**
 * The rows that fit in `budget` lines, in their order. When some must go, the least important go
 * first (highest priority number, from the bottom), and one line says what was left out.
 */
export function fitRows(rows: readonly PaneRow[], budget: number): { shown: PaneRow[]; hidden: string[] } {
  if (rows.length <= budget) return { shown: [...rows], hidden: [] };
  const keep = Math.max(0, budget - 1);
  const order = rows.map((r, i) => ({ r, i })).sort((x, y) => y.r.priority - x.r.priority || y.i - x.i);
  const drop = new Set(order.slice(0, rows.length - keep).map((x) => x.i));
  return {
    shown: rows.filter((_, i) => !drop.has(i)),
    hidden: rows.filter((_, i) => drop.has(i)).map((r) => (r.label.trim() || r.key).replace(/^VIP .*/, 'VIP')),
  };
}

/** A pane row's label (14), the gap (2) and the lag value after the sparkline ("12.0 MiB / 3 s"). */
const LABEL_AND_VALUE = 14 + 2 + 22;

/**
 * How many columns the lag sparkline gets in a pane: what the label and the value leave, between
 * 6 and 30. `valueExtra`: a wider value (the wallboard's "< 1 KiB / < 10 s").
 */
export function sparkWidthFor(columns: number, rows: number, valueExtra = 0): number {
  return Math.max(6, Math.min(30, paneArea(columns, rows).paneWidth - LABEL_AND_VALUE - valueExtra));
}
