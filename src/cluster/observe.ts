// One look at the cluster: a probe round on both nodes at once, turned into a snapshot and its
// assessment. `hapilot status` is one of these; the procedure engine takes one before every
// check and wait. (The console's Monitor runs the same rounds on a timer and keeps history.)
import type { ClusterDefinition } from '../config/schema.js';
import type { CommandRunner } from '../transport/types.js';
import { probeBoth } from '../probes/index.js';
import { assess, type Assessment } from './assessment.js';
import type { ClusterSnapshot, NodeFacts, NodeId, NodeObservation } from './facts.js';

export interface Look {
  snapshot: ClusterSnapshot;
  assessment: Assessment;
  facts: Partial<Record<NodeId, NodeFacts>>;
  unreachable: Partial<Record<NodeId, string>>;
}

export async function lookOnce(runners: Record<NodeId, CommandRunner>, def: ClusterDefinition, now = Date.now): Promise<Look> {
  const results = await probeBoth(runners, def);
  const nodes = {} as Record<NodeId, NodeObservation>;
  const facts: Partial<Record<NodeId, NodeFacts>> = {};
  const unreachable: Partial<Record<NodeId, string>> = {};
  for (const id of ['a', 'b'] as const) {
    const r = results[id];
    if (r.status === 'fulfilled') {
      nodes[id] = { reachable: true, facts: r.value };
      facts[id] = r.value;
    } else {
      const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
      unreachable[id] = reason;
      nodes[id] = { reachable: false, node: id, name: runners[id].name, reason, since: new Date(now()).toISOString(), lastGood: null };
    }
  }
  const snapshot: ClusterSnapshot = { cluster: def.name, takenAt: new Date(now()).toISOString(), nodes };
  return { snapshot, assessment: assess(snapshot, def, now()), facts, unreachable };
}
