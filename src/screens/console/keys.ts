// The console's keys, in one list: the hints bar and the help screen are drawn from it, so what
// is advertised is what works. Procedure keys exist only in read-write mode: in a read-only
// console they are absent from the list, not shown disabled.
export interface KeyBinding {
  keys: string;
  /** A word or two for the hints bar. */
  hint: string;
  help: string;
  /** Only in a read-write console (the procedure wizards). */
  readWrite?: boolean;
  /** Left out of the hints bar first when it does not fit. */
  minor?: boolean;
}

export const CONSOLE_KEYS: readonly KeyBinding[] = [
  { keys: '?', hint: 'help', help: 'show or hide this help' },
  { keys: 'p', hint: 'procedures', help: 'choose a procedure: its plan, its gates, each step live', readWrite: true },
  { keys: 'S', hint: 'switchover', help: 'planned switchover: the standby becomes primary, nothing lost', readWrite: true, minor: true },
  { keys: 'F', hint: 'failover', help: 'failover: promote the standby when the primary is gone', readWrite: true, minor: true },
  { keys: 'J', hint: 'rejoin', help: 'rejoin the old primary as a standby of the new one', readWrite: true, minor: true },
  { keys: 'T', hint: 'takeover', help: 'takeover: the original primary takes its role back', readWrite: true, minor: true },
  { keys: 'v', hint: 'findings', help: 'show every finding of the verdict, or only the first few', minor: true },
  {
    keys: 'l',
    hint: 'log',
    help: 'show or hide the command log: every remote command, its node, exit status and duration (↑/↓ to move, the selected one is shown whole)',
  },
  { keys: 'r', hint: 'refresh', help: 'probe both nodes now' },
  { keys: '+/-', hint: 'interval', help: 'refresh more or less often', minor: true },
  { keys: 'c', hint: 'reconnect', help: 'connect again to a node whose connection was refused (after fixing known_hosts)', minor: true },
  { keys: 'Ctrl-L', hint: 'redraw', help: 'draw the whole screen again (after something else wrote on it)', minor: true },
  { keys: 'q', hint: 'quit', help: 'leave hapilot (Ctrl-C too); the terminal is restored' },
];

/** The procedure behind each direct key. */
export const PROCEDURE_KEYS: Readonly<Record<string, string>> = { S: 'switchover', F: 'failover', J: 'rejoin', T: 'takeover' };

export function consoleKeys(readOnly: boolean): KeyBinding[] {
  return CONSOLE_KEYS.filter((k) => !(readOnly && k.readWrite));
}
