// A node's SSH connection state in words, for the pane header: what it is doing, why it is not
// connected and when it tries again. A refusal (host key, login) is shown whole: it says what to do.
import type { ConnectionState } from '../transport/types.js';
import type { Tone } from '../view/node-rows.js';
import { formatDuration } from '../format/units.js';
import { messageLines } from './text-lines.js';

export interface ConnectionText {
  /** One line: "connected", "lost: timed out · retry in 4 s". */
  line: string;
  tone: Tone;
  /** The full refusal message (the host-key banner), shown under the line. */
  detail?: string;
}

/**
 * `countdown` adds "retry in N s" to a lost connection; the wallboard leaves it out, because a
 * number that changes every second would mean a new frame every second on a screen nobody touches.
 */
export function connectionText(s: ConnectionState, now: number, countdown = true): ConnectionText {
  switch (s.state) {
    case 'idle':
      return { line: 'not connected yet', tone: 'muted' };
    case 'connecting':
      return { line: s.attempt > 1 ? `connecting (attempt ${s.attempt})` : 'connecting', tone: 'warn' };
    case 'connected':
      return { line: 'connected', tone: 'ok' };
    case 'lost': {
      const wait = Math.max(0, Math.ceil((Date.parse(s.nextAttemptAt) - now) / 1000));
      const next = !countdown ? 'reconnecting by itself' : wait > 0 ? `retry in ${formatDuration(wait)}` : 'retrying';
      return { line: `lost: ${explainingLine(s.reason)} · ${next}`, tone: 'bad' };
    }
    case 'refused':
      return { line: `REFUSED: ${explainingLine(s.reason)}`, tone: 'bad', ...(s.reason.includes('\n') ? { detail: s.reason } : {}) };
    case 'closed':
      return { line: 'closed', tone: 'muted' };
  }
}

function explainingLine(s: string): string {
  // The host-key banner starts with rows of @ and a title: the sentence after them explains.
  const lines = messageLines(s).filter((l) => !/^WARNING: /.test(l));
  return lines[0] ?? s;
}
