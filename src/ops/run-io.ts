// What the parts of a run share to act on nodes: send a command, name a node, write the journal,
// say what is happening. The engine makes one; the lock and the automation guard use it.
import type { NodeId } from '../cluster/facts.js';
import type { ExecResult, RemoteCommand } from '../transport/types.js';
import type { JournalWriter } from './journal.js';

export interface RunIO {
  exec(node: NodeId, cmd: RemoteCommand, timeoutMs: number): Promise<ExecResult>;
  nodeName(node: NodeId): string;
  journal: JournalWriter;
  activity(text: string): void;
}

/** A command's result, or the error that kept it from one: never throws. */
export function settle(io: RunIO, node: NodeId, cmd: RemoteCommand, timeoutMs: number): Promise<ExecResult | Error> {
  return io.exec(node, cmd, timeoutMs).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
}

export function outputOf(r: ExecResult | Error, max = 500): string {
  if (r instanceof Error) return r.message;
  const s = r.stdout + r.stderr;
  return s.length <= max ? s : s.slice(s.length - max);
}
