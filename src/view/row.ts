// One labelled line of a node's view, with its tone: what `hapilot status` prints in a column and
// the console's node pane draws. Each component's rows are made in view/rows/.
import type { Unknown } from '../cluster/facts.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'plain';

export interface Row {
  /** Stable key, so two nodes' rows line up: "postgres", "postgres.sender.0". */
  key: string;
  label: string;
  text: string;
  tone: Tone;
}

export const row = (key: string, label: string, text: string, tone: Tone = 'plain'): Row => ({ key, label, text, tone });

/** A fact that is unknown reads "unknown: <reason>" in warning colours, never as a value. */
export function unknownRow(key: string, label: string, fact: Unknown): Row {
  return row(key, label, `unknown: ${fact.reason}`, 'warn');
}
