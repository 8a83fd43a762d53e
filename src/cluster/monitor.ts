// The refresh loop behind the console and the wallboard: probe both nodes each interval, keep the
// last good facts of a node that stops answering (shown as such, with their age), keep a bounded
// lag history for the sparklines, and tell subscribers when the state changed.
// One round at a time: a slow round delays the next instead of piling rounds up.
import type { ClusterDefinition } from '../config/schema.js';
import { assess, type Assessment } from './assessment.js';
import type { ClusterSnapshot, NodeFacts, NodeId, NodeObservation } from './facts.js';
import { LagHistory } from './lag-history.js';

export interface MonitorDeps {
  /** One probe round on one node; rejects when the node cannot be reached (the reason is shown). */
  probe: (node: NodeId) => Promise<NodeFacts>;
  /** The name a node is known by, for nodes never reached. */
  nodeName: (node: NodeId) => string;
  now?: () => number;
}

export interface MonitorState {
  snapshot: ClusterSnapshot;
  assessment: Assessment;
  history: Record<NodeId, LagHistory>;
  /** Completed rounds so far. */
  rounds: number;
  /** Newest data of any node (ms since the epoch), or null before the first round. */
  newestDataAt: number | null;
  roundInFlight: boolean;
}

export class Monitor {
  private observations: Record<NodeId, NodeObservation>;
  private readonly history: Record<NodeId, LagHistory>;
  private rounds = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private readonly listeners = new Set<(s: MonitorState) => void>();
  private readonly now: () => number;

  constructor(
    private readonly def: ClusterDefinition,
    private readonly deps: MonitorDeps,
    private intervalMs: number,
    historySize = 60,
  ) {
    this.now = deps.now ?? Date.now;
    const never = (node: NodeId): NodeObservation => ({
      reachable: false,
      node,
      name: deps.nodeName(node),
      reason: 'not probed yet',
      since: new Date(this.now()).toISOString(),
      lastGood: null,
    });
    this.observations = { a: never('a'), b: never('b') };
    this.history = { a: new LagHistory(historySize), b: new LagHistory(historySize) };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** Run a round now (the refresh key), or wait for the one in flight. */
  refresh(): Promise<void> {
    return this.inFlight ?? this.round();
  }

  subscribe(fn: (s: MonitorState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  state(): MonitorState {
    const snapshot: ClusterSnapshot = { cluster: this.def.name, takenAt: new Date(this.now()).toISOString(), nodes: this.observations };
    const times = (['a', 'b'] as const).flatMap((id) => {
      const o = this.observations[id];
      const f = o.reachable ? o.facts : o.lastGood;
      return f ? [Date.parse(f.collectedAt)] : [];
    });
    return {
      snapshot,
      assessment: assess(snapshot, this.def, this.now()),
      history: this.history,
      rounds: this.rounds,
      newestDataAt: times.length ? Math.max(...times) : null,
      roundInFlight: this.inFlight !== null,
    };
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    await this.refresh();
    if (!this.running) return;
    this.timer = setTimeout(() => void this.loop(), this.intervalMs);
  }

  private round(): Promise<void> {
    this.inFlight = (async () => {
      const results = await Promise.allSettled([this.deps.probe('a'), this.deps.probe('b')]);
      (['a', 'b'] as const).forEach((id, i) => {
        const r = results[i]!;
        if (r.status === 'fulfilled') {
          this.observations[id] = { reachable: true, facts: r.value };
          this.history[id].add(r.value);
        } else {
          const prev = this.observations[id];
          const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
          this.observations[id] = {
            reachable: false,
            node: id,
            name: prev.reachable ? prev.facts.name : prev.name,
            reason,
            // The outage began at the first failed round after a good one.
            since: prev.reachable ? new Date(this.now()).toISOString() : prev.since,
            lastGood: prev.reachable ? prev.facts : prev.lastGood,
          };
          this.history[id].addGap(this.now());
        }
      });
      this.rounds++;
    })().finally(() => {
      this.inFlight = null;
      const s = this.state();
      for (const fn of this.listeners) fn(s);
    });
    return this.inFlight;
  }
}
