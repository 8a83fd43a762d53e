// The keys of a yes/no question. Only y says yes; n, Enter and Esc say no (the default is always
// No); any other key says nothing yet. One table for every such question: the host-key question,
// the gate of a change, the second thought before a forced answer. The prompts show these rows.
import { commandFor, key, namedKey, type KeyPress, type KeyRow } from './key-bindings.js';

export type YesNo = 'yes' | 'no';

export const YES_NO_KEYS: readonly KeyRow<YesNo>[] = [
  { keys: [key('y', 'yes'), key('Y', 'yes')], hint: 'yes', help: 'yes' },
  {
    keys: [key('n', 'no'), key('N', 'no'), namedKey('return', 'no'), namedKey('escape', 'no')],
    hint: 'no (the default)',
    help: 'no, the default answer',
  },
];

export function yesNo(input: string, press: KeyPress): boolean | null {
  const answer = commandFor(YES_NO_KEYS, input, press);
  return answer === null ? null : answer === 'yes';
}
