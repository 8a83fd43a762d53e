// The name an operator reads on a node's pane and types at a destructive step's gate. It must read
// as what it is, and the two nodes' names must never be mistaken for each other: one
// confirmation must never serve both nodes.
import { echoValue } from '../format/echo.js';

export const SHOWN_NAME_MAX = 64;

export const SHOWN_NAME_RULE = `expected up to ${SHOWN_NAME_MAX} letters or digits (any script) with . _ - @ : + ( ) / and single spaces inside`;

const SHOWN_NAME = /^[\p{L}\p{N}_](?:[\p{L}\p{M}\p{N} ._@:+()/-]*[\p{L}\p{M}\p{N}._@:+()/-])?$/u;

// Scripts with letters drawn alike: "lab-а" with a Cyrillic а reads as "lab-a" and is not.
const LOOKALIKE_SCRIPTS = ['Latin', 'Greek', 'Cyrillic'].map((s) => ({ s, re: new RegExp(`\\p{Script=${s}}`, 'u') }));

/** What is wrong with a name given in a cluster file, or null. */
export function shownNameProblem(name: string): string | null {
  if ([...name].length > SHOWN_NAME_MAX) return `${echoValue(name)} is too long`;
  if (!SHOWN_NAME.test(name) || name.includes('  ')) return `${echoValue(name)} cannot be a node's name`;
  const scripts = LOOKALIKE_SCRIPTS.filter(({ re }) => re.test(name)).map(({ s }) => s);
  if (scripts.length > 1) {
    return `${echoValue(name)} mixes ${scripts.join(' and ')} letters, which look alike (a letter typed in another keyboard layout?)`;
  }
  return null;
}

/** The form two names are compared in: compatibility forms folded, case ignored ("DB1", "ｄｂ１" and "db1" are one). */
export function shownNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
