// The command log's entries for the console's panel. The log is followed only while the panel is
// open: a closed panel costs nothing per command.
import { useEffect, useState } from 'react';
import type { CommandLogEntry } from '../../transport/types.js';

export interface CommandLogSource {
  entries(): CommandLogEntry[];
  subscribe(fn: (e: CommandLogEntry) => void): () => void;
}

export function useCommandLog(log: CommandLogSource, open: boolean): CommandLogEntry[] {
  const [entries, setEntries] = useState<CommandLogEntry[]>([]);
  useEffect(() => {
    if (!open) return;
    setEntries(log.entries());
    return log.subscribe(() => setEntries(log.entries()));
  }, [open, log]);
  return entries;
}
