// A run's hold on the cluster's automation: pause the interlocks found active before the first
// change, restore exactly those (in reverse order) once nothing more will change, or on any way
// out; a "start-all" procedure also starts those that were not running.
import type { NodeId } from '../cluster/facts.js';
import type { ClusterDefinition } from '../config/schema.js';
import { pauseCommand, resumeCommand, type InterlockTarget } from './interlocks.js';
import { outputOf, settle, type RunIO } from './run-io.js';

export class PauseFailed extends Error {
  override name = 'PauseFailed';
}

export class AutomationGuard {
  private toPause: InterlockTarget[] = [];
  private paused: InterlockTarget[] = [];
  private toStart: InterlockTarget[] = [];
  /** What could not be put back, for the run's final message. */
  readonly failures: string[] = [];

  constructor(private readonly io: RunIO) {}

  /** A resumed run: what its first life paused is still paused. */
  adoptPaused(def: ClusterDefinition, list: { name: string; node: NodeId }[]): void {
    for (const p of list) {
      const interlock = def.automation.find((i) => i.name === p.name);
      if (interlock) this.paused.push({ interlock, node: p.node });
    }
  }

  /**
   * What runs that are gone left paused: this run restores it with its own, and journals that it
   * took it on (a resume of this run then restores it too).
   */
  adoptOrphans(def: ClusterDefinition, list: { runId: string; name: string; node: NodeId }[]): void {
    for (const p of list) {
      const interlock = def.automation.find((i) => i.name === p.name);
      if (!interlock || this.paused.some((q) => q.interlock.name === p.name && q.node === p.node)) continue;
      this.paused.push({ interlock, node: p.node });
      this.io.journal.append({
        type: 'automation',
        action: 'adopted',
        name: p.name,
        node: this.io.nodeName(p.node),
        detail: `paused by run ${p.runId}, which is gone; restored when this run ends`,
      });
    }
  }

  alreadyPaused(): { name: string; node: NodeId }[] {
    return this.paused.map((p) => ({ name: p.interlock.name, node: p.node }));
  }

  /** What the preflight found: active ones to pause; inactive ones to start at the end if asked. */
  found(active: InterlockTarget[], inactive: InterlockTarget[], startAll: boolean): void {
    this.toPause = active;
    this.toStart = startAll ? inactive : [];
  }

  /** The commands the start gate shows. */
  pauseCommands(): { node: NodeId; name: string; command: string }[] {
    return this.toPause.map((t) => ({ node: t.node, name: t.interlock.name, command: pauseCommand(t.interlock).text }));
  }

  get pending(): boolean {
    return this.paused.length > 0 || this.toStart.length > 0;
  }

  async pauseAll(): Promise<void> {
    for (const t of this.toPause) {
      this.io.activity(`pausing ${t.interlock.name} on ${this.io.nodeName(t.node)}`);
      const r = await settle(this.io, t.node, pauseCommand(t.interlock), 30_000);
      const ok = !(r instanceof Error) && r.exitCode === 0;
      this.io.journal.append({
        type: 'automation',
        action: ok ? 'paused' : 'failed',
        name: t.interlock.name,
        node: this.io.nodeName(t.node),
        detail: outputOf(r),
      });
      // Remembered even when pausing failed half-way: resuming is always safe to attempt.
      this.paused.push(t);
      if (!ok) throw new PauseFailed(`could not pause ${t.interlock.name} on ${this.io.nodeName(t.node)}; nothing else was changed`);
    }
    this.toPause = [];
  }

  /** Resume what was paused; with `finished`, also start what a "start-all" procedure brings back. */
  async restore(finished: boolean): Promise<void> {
    const start = finished ? this.toStart : [];
    this.toStart = [];
    for (const t of start) await this.resumeOne(t, 'started', `could not start ${t.interlock.name} on ${this.io.nodeName(t.node)}`);
    for (const t of [...this.paused].reverse())
      await this.resumeOne(t, 'resumed', `could not restore ${t.interlock.name} on ${this.io.nodeName(t.node)}: restore it by hand`);
    this.paused = [];
  }

  private async resumeOne(t: InterlockTarget, action: 'started' | 'resumed', problem: string): Promise<void> {
    this.io.activity(`${action === 'started' ? 'starting' : 'restoring'} ${t.interlock.name} on ${this.io.nodeName(t.node)}`);
    const r = await settle(this.io, t.node, resumeCommand(t.interlock), 30_000);
    const ok = !(r instanceof Error) && r.exitCode === 0;
    this.io.journal.append({
      type: 'automation',
      action: ok ? action : 'failed',
      name: t.interlock.name,
      node: this.io.nodeName(t.node),
      detail: outputOf(r),
    });
    if (!ok) this.failures.push(problem);
  }
}
