// The wallboard's keys. A wallboard is read-only and may have no keyboard at all, so it takes one
// command, to leave; with no keyboard it takes none (Wallboard.tsx does not listen).
import { ctrlKey, key, type KeyRow } from '../key-bindings.js';

export type WallboardCommand = 'quit';

export const WALLBOARD_KEYS: readonly KeyRow<WallboardCommand>[] = [
  { keys: [key('q', 'quit'), ctrlKey('c', 'quit')], hint: 'quit', help: 'leave the wallboard; the terminal is restored' },
];
