// Keys as data, after gemini-cli's keyBindings.ts and keyMatchers.ts: a screen declares its keys
// once, as rows of "this key gives that command" with the words that describe them, and its input
// handler, its hints and its help all read that one table. A key therefore cannot work without
// being listed, nor be listed without working. Plain data and functions, tested without Ink.
import type { Key } from 'ink';

/** The special keys hapilot binds, by the name of Ink's flag for them. */
export type NamedKey = 'return' | 'escape' | 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown';

/** One key and the command it gives. `ctrl`: with Ctrl held (Ctrl-L is not l). */
export type KeySpec<C extends string> = { char: string; ctrl?: true; does: C } | { named: NamedKey; does: C };

/** One line of the help, one cell of the hints: keys that belong together (↑/↓) and what they do. */
export interface KeyRow<C extends string> {
  keys: readonly KeySpec<C>[];
  /** A word or two for the hints; null for a key listed in the help only. */
  hint: string | null;
  /** What the keys do, one line for the help screen. */
  help: string;
  /** Left out of the hints first when they do not fit. */
  minor?: boolean;
}

export const key = <C extends string>(char: string, does: C): KeySpec<C> => ({ char, does });
export const ctrlKey = <C extends string>(char: string, does: C): KeySpec<C> => ({ char, ctrl: true, does });
export const namedKey = <C extends string>(named: NamedKey, does: C): KeySpec<C> => ({ named, does });

const NAMES: Record<NamedKey, string> = {
  return: 'Enter',
  escape: 'Esc',
  upArrow: '↑',
  downArrow: '↓',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
};

/** How one key is written: "q", "Ctrl-L", "Enter", "↑", "space". */
export function keyName(k: KeySpec<string>): string {
  if ('named' in k) return NAMES[k.named];
  if (k.ctrl) return `Ctrl-${k.char.toUpperCase()}`;
  return k.char === ' ' ? 'space' : k.char;
}

/** How a row's keys are written, every one of them: "?", "+/=/-", "↑/↓", "q/Ctrl-C". */
export function rowKeys(row: KeyRow<string>): string {
  return [...new Set(row.keys.map(keyName))].join('/');
}

/** What Ink tells about a key press, as much of it as the matching reads. */
export type KeyPress = Pick<Key, 'ctrl' | NamedKey>;

export function keyMatches(k: KeySpec<string>, input: string, press: KeyPress): boolean {
  if ('named' in k) return press[k.named];
  // Ink gives Ctrl-L as input "l" with ctrl set: the two are different keys.
  return input === k.char && Boolean(press.ctrl) === Boolean(k.ctrl);
}

/** The command a key press gives in this table, or null: a key that is not in the table does nothing. */
export function commandFor<C extends string>(rows: readonly KeyRow<C>[], input: string, press: KeyPress): C | null {
  for (const row of rows) for (const k of row.keys) if (keyMatches(k, input, press)) return k.does;
  return null;
}

/** The rows that have a hint, as the hints show them: "<↑/↓> choose". */
export function hintsLine(rows: readonly KeyRow<string>[]): string {
  return rows
    .filter((r) => r.hint !== null)
    .map((r) => `<${rowKeys(r)}> ${r.hint}`)
    .join('  ');
}

/** How the keys that give `command` are written ("p", "? or Esc" is two calls): for a sentence that names a key. */
export function keysFor<C extends string>(rows: readonly KeyRow<C>[], command: C): string {
  const names = rows.flatMap((r) => r.keys.filter((k) => k.does === command).map(keyName));
  if (!names.length) throw new Error(`no key gives ${command}`);
  return [...new Set(names)].join(' or ');
}
