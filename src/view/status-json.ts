// The `hapilot status --json` document: stable for scripts and monitoring, described in
// docs/status-json.md. Its "format" changes only when a field changes meaning or goes away.
import type { Assessment, Verdict } from '../cluster/assessment.js';
import type { ClusterSnapshot, NodeFacts, NodeId } from '../cluster/facts.js';
import { EXIT } from '../exit-codes.js';
import type { SyncDifferenceTrend } from '../cluster/sync-compare.js';
import { syncState } from './sync-differences.js';

export const STATUS_FORMAT = 'hapilot-status/1';

export function exitCodeFor(v: Verdict): number {
  return v === 'healthy' ? EXIT.OK : v === 'degraded' ? EXIT.WARNING : v === 'critical' ? EXIT.CRITICAL : EXIT.UNKNOWN;
}

type NodeDoc =
  | { name: string; reachable: true; facts: NodeFacts }
  | { name: string; reachable: false; reason: string; since: string; lastGoodAt: string | null };

export interface StatusDocument {
  format: typeof STATUS_FORMAT;
  cluster: string;
  takenAt: string;
  verdict: Verdict;
  exitCode: number;
  roles: { primary: NodeId | null; standby: NodeId | null; basis: string };
  splitBrain: boolean;
  findings: Assessment['findings'];
  nodes: Record<NodeId, NodeDoc>;
  /** Sync directories compared between the nodes, per path and first-level subdirectory (empty without both nodes' sizes). */
  sync: (SyncDifferenceTrend & { state: ReturnType<typeof syncState> })[];
}

export function statusDocument(
  snapshot: ClusterSnapshot,
  assessment: Assessment,
  sync: readonly SyncDifferenceTrend[] = [],
): StatusDocument {
  const node = (id: NodeId): NodeDoc => {
    const o = snapshot.nodes[id];
    return o.reachable
      ? { name: o.facts.name, reachable: true, facts: o.facts }
      : { name: o.name, reachable: false, reason: o.reason, since: o.since, lastGoodAt: o.lastGood?.collectedAt ?? null };
  };
  return {
    format: STATUS_FORMAT,
    cluster: snapshot.cluster,
    takenAt: snapshot.takenAt,
    verdict: assessment.verdict,
    exitCode: exitCodeFor(assessment.verdict),
    roles: assessment.roles,
    splitBrain: assessment.splitBrain,
    findings: assessment.findings,
    nodes: { a: node('a'), b: node('b') },
    sync: sync.map((d) => ({ ...d, state: syncState(d) })),
  };
}
