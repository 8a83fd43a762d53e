// The refresh loop behind the console and the wallboard: probe each node every interval, keep the
// last good facts of a node that stops answering (shown as such, with their age), keep a bounded
// lag history for the sparklines, and tell subscribers when the state changed.
//
// Each node has its own loop: a node that hangs until its round's time limit never freezes the
// other node's pane. One round per node at a time: a slow round delays that node's next round
// instead of piling rounds up. A node that has said nothing for a refresh interval while its round
// waits (not the script's first line, nor a reply to a liveness check) is shown "not answering" at
// once, so a cut network shows within two refreshes rather than at the round's time limit.
import type { ClusterDefinition } from '../config/schema.js';
import { assess, type Assessment } from './assessment.js';
import type { ClusterSnapshot, NodeFacts, NodeId, NodeObservation } from './facts.js';
import { LagHistory } from './lag-history.js';
import { compareSync, SyncHistory, type SyncDifferenceTrend } from './sync-compare.js';
import { errorMessage } from '../format/error-message.js';

export interface ProbeHooks {
  /** Call when output of the round arrives: the node is answering, if slowly. */
  onAnswer: () => void;
  /**
   * Call with the facts known so far while the round runs (components not answered yet unknown).
   * Given only for a node with nothing to show yet, so the first frame fills as the node answers
   * (later rounds are not parsed twice).
   */
  onPartial?: (facts: NodeFacts) => void;
}

export interface MonitorDeps {
  /** One probe round on one node; rejects when the node cannot be reached (the reason is shown). */
  probe: (node: NodeId, hooks: ProbeHooks) => Promise<NodeFacts>;
  /**
   * A cheap command on the node (`true`), sent every silence limit while a round waits: resolves
   * if the node replies within the time given, and that reply counts as the node answering. Without
   * it, a round that answered once and then stalls is never called silent.
   */
  ping?: (node: NodeId, timeoutMs: number) => Promise<unknown>;
  /** The name a node is known by, for nodes never reached. */
  nodeName: (node: NodeId) => string;
  now?: () => number;
}

export interface MonitorState {
  snapshot: ClusterSnapshot;
  assessment: Assessment;
  history: Record<NodeId, LagHistory>;
  /** The sync directories compared between the nodes, each difference with its trend over the last rounds. */
  sync?: SyncDifferenceTrend[];
  /**
   * How many times the least-heard node has been heard from: a finished round, or a round found
   * unanswered. 0 until both nodes have been (the screens show "connecting" until then).
   */
  rounds: number;
  /** Newest data of any node (ms since the epoch), or null before the first round. */
  newestDataAt: number | null;
  roundInFlight: boolean;
}

/** A round never counts as unanswered sooner than this, however short the interval. */
export const MIN_SILENCE_MS = 2000;

const NODES = ['a', 'b'] as const;

export class Monitor {
  private observations: Record<NodeId, NodeObservation>;
  private readonly history: Record<NodeId, LagHistory>;
  /** Differences between the nodes' sync sizes, one entry per finished round that saw both. */
  private readonly syncHistory = new SyncHistory(10);
  private readonly heard: Record<NodeId, number> = { a: 0, b: 0 };
  private readonly timers: Record<NodeId, NodeJS.Timeout | null> = { a: null, b: null };
  private readonly inFlight: Record<NodeId, Promise<void> | null> = { a: null, b: null };
  /** The node's observation holds partial facts of its first round (onPartial). */
  private readonly partial: Record<NodeId, boolean> = { a: false, b: false };
  private running = false;
  private readonly listeners = new Set<(s: MonitorState) => void>();
  private readonly now: () => number;

  constructor(
    private readonly def: ClusterDefinition,
    private readonly deps: MonitorDeps,
    private intervalMs: number,
    historySize = 60,
  ) {
    this.now = deps.now ?? Date.now;
    this.observations = { a: this.unprobed('a'), b: this.unprobed('b') };
    this.history = { a: new LagHistory(historySize), b: new LagHistory(historySize) };
  }

  private unprobed(node: NodeId): NodeObservation & { reachable: false } {
    return {
      reachable: false,
      node,
      name: this.deps.nodeName(node),
      reason: 'not probed yet',
      since: new Date(this.now()).toISOString(),
      lastGood: null,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const id of NODES) void this.loop(id);
  }

  stop(): void {
    this.running = false;
    for (const id of NODES) {
      const t = this.timers[id];
      if (t) clearTimeout(t);
      this.timers[id] = null;
    }
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
  }

  get interval(): number {
    return this.intervalMs;
  }

  /** How long a round may go without any answer before its node is shown as not answering. */
  get silenceLimitMs(): number {
    return Math.max(this.intervalMs, MIN_SILENCE_MS);
  }

  /** A round on both nodes now (the refresh key), joining a node's round already in flight. */
  async refresh(): Promise<void> {
    await Promise.all(NODES.map((id) => this.roundOn(id)));
  }

  subscribe(fn: (s: MonitorState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private fresh(id: NodeId): NodeFacts | undefined {
    const o = this.observations[id];
    return o.reachable ? o.facts : undefined;
  }

  state(): MonitorState {
    const snapshot: ClusterSnapshot = { cluster: this.def.name, takenAt: new Date(this.now()).toISOString(), nodes: this.observations };
    const times = NODES.flatMap((id) => {
      const o = this.observations[id];
      const f = o.reachable ? o.facts : o.lastGood;
      return f ? [Date.parse(f.collectedAt)] : [];
    });
    return {
      snapshot,
      assessment: assess(snapshot, this.def, this.now()),
      history: this.history,
      sync: this.syncHistory.trends(compareSync(this.fresh('a'), this.fresh('b'))),
      rounds: Math.min(this.heard.a, this.heard.b),
      newestDataAt: times.length ? Math.max(...times) : null,
      roundInFlight: this.inFlight.a !== null || this.inFlight.b !== null,
    };
  }

  private async loop(id: NodeId): Promise<void> {
    if (!this.running) return;
    await this.roundOn(id);
    if (!this.running) return;
    this.timers[id] = setTimeout(() => void this.loop(id), this.intervalMs);
  }

  private roundOn(id: NodeId): Promise<void> {
    const pending = this.inFlight[id];
    if (pending) return pending;
    const startedAt = this.now();
    // When the node last said anything: the round's first line, or a reply to a liveness check.
    let heardAt: number | null = null;
    const heard = () => (heardAt = this.now());
    // Every silence limit while the round runs: nothing heard since the last look means the node
    // is not answering (shown now, not at the round's time limit). Each look also sends a liveness
    // check, whose reply counts: a round merely slow (a section waiting on its own limit) stays live.
    let lookedAt = startedAt;
    const watchdog = setInterval(() => {
      if (heardAt === null || heardAt < lookedAt) this.markSilent(id, heardAt ?? startedAt, startedAt);
      lookedAt = this.now();
      this.deps.ping?.(id, this.silenceLimitMs).then(heard, () => undefined);
    }, this.silenceLimitMs);
    const partial = (facts: NodeFacts) => {
      heard();
      const o = this.observations[id];
      if ((o.reachable && !this.partial[id]) || (!o.reachable && o.lastGood)) return;
      this.partial[id] = true;
      this.observations[id] = { reachable: true, facts };
      this.emit();
    };
    const blank = this.observations[id];
    const wantsPartial = !blank.reachable && blank.lastGood === null;
    const round = this.deps
      .probe(id, { onAnswer: heard, ...(wantsPartial ? { onPartial: partial } : {}) })
      .then(
        (facts) => {
          this.partial[id] = false;
          this.observations[id] = { reachable: true, facts };
          this.history[id].add(facts);
          const [a, b] = [this.fresh('a'), this.fresh('b')];
          if (a && b && (a.sync || b.sync)) this.syncHistory.add(this.now(), compareSync(a, b));
        },
        (err: unknown) => {
          this.markUnreachable(id, errorMessage(err), this.now());
          this.history[id].addGap(this.now());
        },
      )
      .finally(() => {
        clearInterval(watchdog);
        this.inFlight[id] = null;
        this.heard[id]++;
        this.emit();
      });
    this.inFlight[id] = round;
    return round;
  }

  /** The node has said nothing for a while and its round is still waiting: show it now. */
  private markSilent(id: NodeId, lastHeard: number, startedAt: number): void {
    const silent = (this.now() - lastHeard) / 1000;
    // The outage began when the unanswered round was sent, or when the node last spoke.
    this.markUnreachable(id, `no answer for ${silent.toFixed(1)} s (the probe round is still waiting)`, Math.max(lastHeard, startedAt));
    this.heard[id]++;
    this.emit();
  }

  private markUnreachable(id: NodeId, reason: string, at: number): void {
    const prev = this.observations[id];
    // Partial facts of a first round are not last good data.
    const lastGood = prev.reachable ? (this.partial[id] ? null : prev.facts) : prev.lastGood;
    this.partial[id] = false;
    this.observations[id] = {
      reachable: false,
      node: id,
      name: prev.reachable ? prev.facts.name : prev.name,
      reason,
      // The outage began at the first failed (or unanswered) round after a good one.
      since: prev.reachable ? new Date(at).toISOString() : prev.since,
      lastGood,
    };
  }

  private emit(): void {
    const s = this.state();
    for (const fn of this.listeners) fn(s);
  }
}
