// The command log: every command sent to a node (or refused before sending), newest last, so the
// operator can always see what hapilot did on their machines. Bounded: a console left open for
// days must not grow without limit, and the last few hundred commands are what anyone reads.
import type { NodeId } from '../cluster/facts.js';
import type { CommandKind, CommandLogEntry, RemoteCommand } from './types.js';
import { plural } from '../format/text.js';

export type CommandLogListener = (entry: CommandLogEntry) => void;

export interface CommandLogStart {
  node: NodeId;
  nodeName: string;
  cmd: RemoteCommand;
  startedAt?: Date;
}

export type CommandLogEnd = { durationMs: number } & ({ exitCode: number | null } | { error: string });

export class CommandLog {
  readonly #capacity: number;
  #entries: CommandLogEntry[] = [];
  #nextId = 1;
  readonly #listeners = new Set<CommandLogListener>();

  constructor(capacity = 500) {
    this.#capacity = capacity;
  }

  /** Records a command as it starts; returns its id for `finish`. Listeners see it at once. */
  start({ node, nodeName, cmd, startedAt = new Date() }: CommandLogStart): number {
    const entry: CommandLogEntry = {
      id: this.#nextId++,
      node,
      nodeName,
      kind: cmd.kind satisfies CommandKind,
      label: cmd.label,
      command: summariseCommand(cmd),
      startedAt: startedAt.toISOString(),
    };
    this.#entries.push(entry);
    if (this.#entries.length > this.#capacity) this.#entries = this.#entries.slice(-this.#capacity);
    this.#emit(entry);
    return entry.id;
  }

  /** Completes an entry with its exit code or transport error. Listeners see the updated entry. */
  finish(id: number, end: CommandLogEnd): void {
    const i = this.#entries.findLastIndex((e) => e.id === id);
    if (i < 0) return; // already rotated out of the buffer
    // Entries are replaced, never mutated: a screen holding the old object keeps a consistent view.
    const entry: CommandLogEntry = { ...this.#entries[i]!, ...end };
    this.#entries[i] = entry;
    this.#emit(entry);
  }

  /** The retained entries, oldest first (a copy). */
  entries(): CommandLogEntry[] {
    return [...this.#entries];
  }

  /** Called with each new or updated entry; returns the unsubscribe function. */
  subscribe(listener: CommandLogListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(entry: CommandLogEntry): void {
    for (const listener of this.#listeners) {
      try {
        listener(entry);
      } catch {
        // A broken screen must not break the command that is being logged.
      }
    }
  }
}

/** The command as the log shows it: its text, and for a script on stdin its first line and size. */
export function summariseCommand(cmd: RemoteCommand): string {
  if (cmd.stdin === undefined) return cmd.text;
  const lines = cmd.stdin.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return `${cmd.text} < ${lines[0] ?? ''} (script, ${plural(lines.length, 'line')})`;
}
