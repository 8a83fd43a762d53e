// The console's keys, in one table: the input handler (console-input.ts), the hints bar and the
// help screen all read it, so what is advertised is what works. Procedure keys exist only in
// read-write mode: in a read-only console they are absent from the table, not shown disabled.
import { ctrlKey, key, namedKey, type KeyRow } from '../key-bindings.js';
import { YES_NO_KEYS, type YesNo } from '../yes-no.js';

/** The procedures with a key of their own: the command is the procedure's name. */
export const PROCEDURE_COMMANDS = ['switchover', 'failover', 'rejoin', 'takeover'] as const;
export type ProcedureCommand = (typeof PROCEDURE_COMMANDS)[number];

/** Everything a key can ask of the console (console-input.ts handles each one). */
export const CONSOLE_COMMANDS = [
  'help',
  'procedures',
  ...PROCEDURE_COMMANDS,
  'findings',
  'log',
  'log-up',
  'log-down',
  'refresh',
  'slower',
  'faster',
  'reconnect',
  'redraw',
  'close',
  'quit',
] as const;
export type ConsoleCommand = (typeof CONSOLE_COMMANDS)[number];

export interface ConsoleKeyRow extends KeyRow<ConsoleCommand> {
  /** Only in a read-write console (the procedure wizards). */
  readWrite?: boolean;
}

export const CONSOLE_KEYS: readonly ConsoleKeyRow[] = [
  { keys: [key('?', 'help')], hint: 'help', help: 'show or hide this help' },
  { keys: [key('p', 'procedures')], hint: 'procedures', help: 'choose a procedure: its plan, its gates, each step live', readWrite: true },
  {
    keys: [key('S', 'switchover')],
    hint: 'switchover',
    help: 'planned switchover: the standby becomes primary, nothing lost',
    readWrite: true,
    minor: true,
  },
  {
    keys: [key('F', 'failover')],
    hint: 'failover',
    help: 'failover: promote the standby when the primary is gone',
    readWrite: true,
    minor: true,
  },
  {
    keys: [key('J', 'rejoin')],
    hint: 'rejoin',
    help: 'rejoin the old primary as a standby of the new one',
    readWrite: true,
    minor: true,
  },
  {
    keys: [key('T', 'takeover')],
    hint: 'takeover',
    help: 'takeover: the original primary takes its role back',
    readWrite: true,
    minor: true,
  },
  { keys: [key('v', 'findings')], hint: 'findings', help: 'show every finding of the verdict, or only the first few', minor: true },
  { keys: [key('l', 'log')], hint: 'log', help: 'show or hide the command log: every remote command, its node, exit status and duration' },
  {
    keys: [namedKey('upArrow', 'log-up'), namedKey('downArrow', 'log-down')],
    hint: null,
    help: 'with the command log open: move to an earlier or a later command (the selected one is shown whole)',
  },
  { keys: [key('r', 'refresh')], hint: 'refresh', help: 'probe both nodes now' },
  {
    keys: [key('+', 'slower'), key('=', 'slower'), key('-', 'faster')],
    hint: 'interval',
    help: 'refresh less often (+ or =) or more often (-), a second at a time',
    minor: true,
  },
  {
    keys: [key('c', 'reconnect')],
    hint: 'reconnect',
    help: 'connect again to a node whose connection was refused (after fixing known_hosts)',
    minor: true,
  },
  {
    keys: [ctrlKey('l', 'redraw')],
    hint: 'redraw',
    help: 'draw the whole screen again (after something else wrote on it)',
    minor: true,
  },
  { keys: [namedKey('escape', 'close')], hint: null, help: 'close the help and the command log' },
  { keys: [key('q', 'quit')], hint: 'quit', help: 'leave hapilot; the terminal is restored' },
  { keys: [ctrlKey('c', 'quit')], hint: null, help: 'leave hapilot, as q does' },
];

export function consoleKeys(readOnly: boolean): ConsoleKeyRow[] {
  return CONSOLE_KEYS.filter((k) => !(readOnly && k.readWrite));
}

/** While a host-key question is open, only its answer and Ctrl-C are taken. */
export const HOST_KEY_KEYS: readonly KeyRow<YesNo | 'quit'>[] = [
  ...YES_NO_KEYS,
  { keys: [ctrlKey('c', 'quit')], hint: null, help: 'leave hapilot (the key is not trusted)' },
];
