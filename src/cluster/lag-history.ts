// Recent replication lag of one node, for the console's sparklines: a fixed-size ring, so a
// wallboard running for months holds the same memory on day 90 as on day 1.
import type { NodeFacts } from './facts.js';

export interface LagPoint {
  at: number;
  /** Bytes behind: the primary's largest WAL sender lag, or the standby's replay backlog. */
  bytes: number | null;
  /** Seconds behind, where PostgreSQL measures it. */
  seconds: number | null;
}

export class LagHistory {
  private readonly points: LagPoint[] = [];

  constructor(readonly capacity: number) {}

  add(f: NodeFacts): void {
    this.push(lagOf(f));
  }

  /** A round without data: drawn as a gap, not as zero lag. */
  addGap(at: number): void {
    this.push({ at, bytes: null, seconds: null });
  }

  values(): readonly LagPoint[] {
    return this.points;
  }

  get length(): number {
    return this.points.length;
  }

  private push(p: LagPoint): void {
    this.points.push(p);
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
  }
}

export function lagOf(f: NodeFacts): LagPoint {
  const at = Date.parse(f.collectedAt);
  if (!f.postgres?.known) return { at, bytes: null, seconds: null };
  const pg = f.postgres.value;
  if (pg.role === 'primary') {
    const bytes = pg.senders.map((s) => s.lagBytes).filter((b): b is number => b !== null);
    const secs = pg.senders.map((s) => s.replayLagSeconds).filter((s): s is number => s !== null);
    return { at, bytes: bytes.length ? Math.max(...bytes) : null, seconds: secs.length ? Math.max(...secs) : null };
  }
  return { at, bytes: pg.replayBacklogBytes, seconds: pg.replayLagSeconds };
}
