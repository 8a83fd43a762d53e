// The few cluster facts that say whether the cluster is still as a run left it: who answers,
// PostgreSQL's role and timeline, who holds the VIP, Redis's role, the role files, the lock.
// A run that ends incomplete journals them; its resume compares them with a fresh look and is
// refused, saying what differs, when something else changed the cluster in between. Positions
// (LSNs, offsets) are left out: they move with every write and say nothing about who is who.
import type { NodeId } from '../cluster/facts.js';
import { NODE_IDS } from '../cluster/facts.js';
import type { Observation } from './predicates.js';

export type ClusterSnapshot = Record<string, string>;

export function clusterSnapshot(obs: Observation, names: Record<NodeId, string>): ClusterSnapshot {
  const out: ClusterSnapshot = {};
  for (const id of NODE_IDS) {
    const n = names[id];
    const f = obs.facts[id];
    out[`${n} answers`] = f ? 'yes' : 'no';
    if (!f) continue;
    const seen = <T>(fact: { known: true; value: T } | { known: false; cause?: string } | undefined, show: (v: T) => string) => {
      if (fact === undefined) return undefined;
      return fact.known ? show(fact.value) : fact.cause === 'not-running' ? 'not running' : 'unknown';
    };
    const entries: [string, string | undefined][] = [
      ['PostgreSQL', seen(f.postgres, (p) => `${p.role}, timeline ${p.timeline ?? '?'}`)],
      ['VIP', seen(f.vip, (v) => (v.holds ? 'held' : 'not held'))],
      ['Redis', seen(f.redis, (r) => r.role)],
      ['role file', seen(f.roleFiles, (r) => `${r.role ?? '-'}/${r.status ?? '-'}`)],
      ['lock', seen(f.lock, (l) => (l ? `run ${l.runId}` : 'free'))],
    ];
    for (const [what, value] of entries) if (value !== undefined) out[`${n} ${what}`] = value;
  }
  return out;
}

/** What differs, one line each: "lab-a PostgreSQL: primary, timeline 3 then, not running now". */
export function snapshotDifferences(then: ClusterSnapshot, now: ClusterSnapshot): string[] {
  const keys = [...new Set([...Object.keys(then), ...Object.keys(now)])];
  return keys.filter((k) => then[k] !== now[k]).map((k) => `${k}: ${then[k] ?? 'not seen'} then, ${now[k] ?? 'not seen'} now`);
}
