// Verdicts on a cluster from both nodes' facts, each with its reasons. The rules live in rules/,
// one concern per file; this module runs them and ranks the result.
import type { ClusterDefinition } from '../config/schema.js';
import type { ClusterSnapshot, NodeFacts, NodeId, NodeObservation } from './facts.js';
import { resolveRoles, type Roles } from './roles.js';
import { rules } from './rules/index.js';

/** Worst first: a critical finding outranks a node we cannot see, which outranks a degradation. */
export type Verdict = 'healthy' | 'degraded' | 'unreachable' | 'critical';
export type FindingLevel = Exclude<Verdict, 'healthy'>;

const RANK: Record<Verdict, number> = { healthy: 0, degraded: 1, unreachable: 2, critical: 3 };

export interface Finding {
  level: FindingLevel;
  /** Stable identifier for scripts and tests: "split-brain-postgres", "replication-lag". */
  code: string;
  /** One sentence an operator understands at 3 a.m. */
  message: string;
  /** The node it is about, when it is about one. */
  node?: NodeId;
  /** What to do first, for the findings that need it (split brain above all). */
  advice?: string;
}

export interface Assessment {
  verdict: Verdict;
  findings: Finding[];
  /** True when any finding says two nodes act as the one primary/master. */
  splitBrain: boolean;
  roles: Roles;
}

export interface RuleContext {
  def: ClusterDefinition;
  /** ms since the epoch, the moment of assessment (for ages). */
  now: number;
  observations: Record<NodeId, NodeObservation>;
  /** Fresh facts of the reachable nodes only; an unreachable node's old data is never judged. */
  facts: Partial<Record<NodeId, NodeFacts>>;
  roles: Roles;
  /** The name an operator knows the node by. */
  name: (node: NodeId) => string;
}

export type Rule = (ctx: RuleContext) => Finding[];

export function assess(snapshot: Pick<ClusterSnapshot, 'nodes'>, def: ClusterDefinition, now = Date.now()): Assessment {
  const observations = snapshot.nodes;
  const facts: Partial<Record<NodeId, NodeFacts>> = {};
  for (const id of ['a', 'b'] as const) {
    const o = observations[id];
    if (o.reachable) facts[id] = o.facts;
  }
  const name = (id: NodeId) => {
    const o = observations[id];
    return o.reachable ? o.facts.name : o.name;
  };
  const roles = resolveRoles(facts, { independentPostgres: def.components.postgres?.independent === true });
  const ctx: RuleContext = { def, now, observations, facts, roles, name };
  const findings = rules.flatMap((rule) => rule(ctx));
  findings.sort((x, y) => RANK[y.level] - RANK[x.level]);
  const verdict = findings.reduce<Verdict>((worst, f) => (RANK[f.level] > RANK[worst] ? f.level : worst), 'healthy');
  return { verdict, findings, splitBrain: findings.some((f) => f.code.startsWith('split-brain')), roles };
}

export function verdictRank(v: Verdict): number {
  return RANK[v];
}
