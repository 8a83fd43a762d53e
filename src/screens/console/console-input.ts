// What each console command does, as a pure function: the screen's own state and a command in,
// the new state and at most one effect out (what the console asks of the feed, the wizard or the
// terminal). Console.tsx maps a key to its command (keys.ts) and carries out the effect; this
// module is tested one command at a time without Ink.
import type { ConsoleCommand } from './keys.js';
import type { WizardStart } from './wizard-entry.js';

/** What only the screen knows: which panels are open, and the log entry selected. */
export interface ConsoleUi {
  help: boolean;
  logOpen: boolean;
  /** Every finding of the verdict, not only the first few. */
  allFindings: boolean;
  /** The command log entry shown whole; null follows the newest. */
  selected: number | null;
}

export const CONSOLE_START: ConsoleUi = { help: false, logOpen: false, allFindings: false, selected: null };

export type ConsoleEffect =
  | { kind: 'quit' }
  | { kind: 'redraw' }
  | { kind: 'refresh' }
  | { kind: 'reconnect' }
  | { kind: 'interval'; ms: number }
  | { kind: 'wizard'; start: WizardStart };

export interface ConsoleInputContext {
  /** Entries in the command log now. */
  logEntries: number;
  intervalMs: number;
  /** Unfinished runs were found at start: p offers them first. */
  resumable: boolean;
}

export interface ConsoleStep {
  ui: ConsoleUi;
  effect: ConsoleEffect | null;
}

/** The refresh interval's bounds for + and -. */
export const INTERVAL_STEP_MS = 1000;
export const INTERVAL_MAX_MS = 3600_000;

export function consoleInput(ui: ConsoleUi, command: ConsoleCommand, ctx: ConsoleInputContext): ConsoleStep {
  const only = (next: Partial<ConsoleUi>): ConsoleStep => ({ ui: { ...ui, ...next }, effect: null });
  const effect = (e: ConsoleEffect): ConsoleStep => ({ ui, effect: e });
  switch (command) {
    case 'help':
      return only({ help: !ui.help });
    case 'findings':
      return only({ allFindings: !ui.allFindings });
    case 'log':
      return only({ logOpen: !ui.logOpen, selected: null });
    case 'log-up':
    case 'log-down':
      return only({ selected: moveInLog(ui, command === 'log-up' ? -1 : 1, ctx.logEntries) });
    case 'close':
      return only({ help: false, logOpen: false });
    case 'refresh':
      return effect({ kind: 'refresh' });
    case 'slower':
      return effect({ kind: 'interval', ms: Math.min(INTERVAL_MAX_MS, ctx.intervalMs + INTERVAL_STEP_MS) });
    case 'faster':
      return effect({ kind: 'interval', ms: Math.max(INTERVAL_STEP_MS, ctx.intervalMs - INTERVAL_STEP_MS) });
    case 'reconnect':
      return effect({ kind: 'reconnect' });
    case 'redraw':
      return effect({ kind: 'redraw' });
    case 'quit':
      return effect({ kind: 'quit' });
    case 'procedures':
      return { ui: { ...ui, help: false }, effect: { kind: 'wizard', start: ctx.resumable ? { kind: 'resume' } : { kind: 'pick' } } };
    case 'switchover':
    case 'failover':
    case 'rejoin':
    case 'takeover':
      return { ui: { ...ui, help: false }, effect: { kind: 'wizard', start: { kind: 'procedure', name: command } } };
    default: {
      const unhandled: never = command;
      throw new Error(`console command ${String(unhandled)} has no action`);
    }
  }
}

/** ↑/↓ in an open log: the selection moves; at the newest entry it follows new ones again (null). */
function moveInLog(ui: ConsoleUi, by: -1 | 1, n: number): number | null {
  if (!ui.logOpen || n === 0) return ui.selected;
  const next = Math.max(0, Math.min(n - 1, (ui.selected ?? n - 1) + by));
  return next === n - 1 ? null : next;
}
