// The answer a key gives to a yes/no question. Only y says yes; n, Enter and Esc say no (the
// default is always No); any other key says nothing yet. One rule for every such question: the
// host-key question, the gate of a change, the second thought before a forced answer.
import type { Key } from 'ink';

export function yesNo(input: string, key: Pick<Key, 'return' | 'escape'>): boolean | null {
  if (input === 'y' || input === 'Y') return true;
  if (input === 'n' || input === 'N' || key.return || key.escape) return false;
  return null;
}
