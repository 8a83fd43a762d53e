// A node's facts as labelled lines of text with a tone, in a fixed order. `hapilot status` lays
// two nodes' rows side by side; the console's node pane renders one node's rows. Neither decides
// wording or tones on its own, so what the wallboard and a script see is the same. Each
// component's rows are in rows/ (one file each); rows/index.ts orders them.
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeFacts } from '../cluster/facts.js';
import { row, type Row } from './row.js';
import { rows } from './rows/index.js';
import { visibleLine } from '../format/visible.js';

export type { Row, Tone } from './row.js';

/** The rows, each text one line with what a node said made visible, never obeyed (format/visible.ts). */
export function nodeRows(f: NodeFacts, def: ClusterDefinition): Row[] {
  const all = rows.flatMap((component) => component.rowsOf(f, def));
  // A watch whose persistent probe session could not start says why its rounds cost more.
  const withReason = f.perRoundReason ? [...all, row('probe', 'probe', `a script per round: ${f.perRoundReason}`, 'muted')] : all;
  return withReason.map((r) => ({ ...r, text: visibleLine(r.text) }));
}
