// The cluster lock as one run holds it: taken on every node that answered, released on every way
// out, and only ever this run's (see lock.ts for the commands).
import type { NodeId } from '../cluster/facts.js';
import { acquireCommand, describeHolder, parseLock, releaseCommand, takeOverCommand, type LockHolder } from './lock.js';
import { settle, type RunIO } from './run-io.js';

export class LockHeld extends Error {
  override name = 'LockHeld';
}

export class RunLock {
  private held: NodeId[] = [];

  constructor(
    private readonly io: RunIO,
    private readonly holder: LockHolder,
    private readonly file?: string,
  ) {}

  /** The exact command, for the start gate. */
  commandText(): string {
    return acquireCommand(this.holder, this.file).text;
  }

  async acquire(nodes: NodeId[]): Promise<void> {
    this.io.activity('taking the cluster lock');
    const takenOver: { node: NodeId; from: LockHolder }[] = [];
    for (const n of nodes) {
      const r = await settle(this.io, n, acquireCommand(this.holder, this.file), 15_000);
      const out = r instanceof Error ? r.message : r.stdout.trim();
      let current = r instanceof Error ? null : parseLock(out.replace(/^held\s*/, ''));
      if (!(r instanceof Error) && out === 'acquired') {
        this.held.push(n);
        continue;
      }
      // A resumed run finds the lock its killed first life left: it takes it over, never breaks it.
      if (current?.runId === this.holder.runId) {
        const t = await settle(this.io, n, takeOverCommand(this.holder, this.file), 15_000);
        const tout = t instanceof Error ? t.message : t.stdout.trim();
        if (tout === 'taken-over') {
          this.held.push(n);
          takenOver.push({ node: n, from: current });
          continue;
        }
        current = t instanceof Error ? null : parseLock(tout.replace(/^changed\s*/, ''));
      }
      const who = r instanceof Error ? r.message : current ? describeHolder(current) : out;
      this.io.journal.append({ type: 'lock', action: 'refused', nodes: [this.io.nodeName(n)], detail: who });
      throw new LockHeld(`the cluster lock on ${this.io.nodeName(n)} is held: ${who}`);
    }
    for (const t of takenOver)
      this.io.journal.append({
        type: 'lock',
        action: 'taken-over',
        nodes: [this.io.nodeName(t.node)],
        detail: `run ${this.holder.runId}: from pid ${t.from.pid} on ${t.from.from} (since ${t.from.since}) to pid ${this.holder.pid} on ${this.holder.from}`,
      });
    const fresh = this.held.filter((n) => !takenOver.some((t) => t.node === n));
    if (fresh.length)
      this.io.journal.append({
        type: 'lock',
        action: 'acquired',
        nodes: fresh.map((n) => this.io.nodeName(n)),
        detail: `run ${this.holder.runId}`,
      });
  }

  /** Releases what this run holds; returns what could not be released, for the final message. */
  async release(): Promise<string[]> {
    const released: string[] = [];
    const problems: string[] = [];
    for (const n of this.held) {
      const r = await settle(this.io, n, releaseCommand(this.holder.runId, this.file), 15_000);
      if (!(r instanceof Error) && r.exitCode === 0) released.push(this.io.nodeName(n));
      else {
        this.io.journal.append({
          type: 'lock',
          action: 'release-failed',
          nodes: [this.io.nodeName(n)],
          detail: r instanceof Error ? r.message : r.stderr,
        });
        problems.push(`the lock on ${this.io.nodeName(n)} is still held (break it with hapilot lock break)`);
      }
    }
    if (released.length) this.io.journal.append({ type: 'lock', action: 'released', nodes: released, detail: `run ${this.holder.runId}` });
    this.held = [];
    return problems;
  }
}
