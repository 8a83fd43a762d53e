// Which node is the primary right now, from live facts. PostgreSQL decides when it is probed
// (it is where data is lost) and the nodes are a streaming pair; otherwise the VIP holder,
// otherwise the role file. A procedure
// resolves "primary" and "standby" through this, against the state it has just observed.
import type { NodeFacts, NodeId } from './facts.js';

export interface Roles {
  primary: NodeId | null;
  standby: NodeId | null;
  /** What decided it, or why no single primary could be named. */
  basis: string;
}

const other = (n: NodeId): NodeId => (n === 'a' ? 'b' : 'a');

export interface RoleOptions {
  /**
   * postgres.independent: each node's PostgreSQL is writable by design (Wazo), so its role names
   * no primary; the VIP or the role file does.
   */
  independentPostgres?: boolean;
}

export function resolveRoles(facts: Partial<Record<NodeId, NodeFacts>>, opts: RoleOptions = {}): Roles {
  const by = (pick: (f: NodeFacts) => boolean | null): NodeId[] =>
    (['a', 'b'] as const).filter((id) => {
      const f = facts[id];
      return f !== undefined && pick(f) === true;
    });

  if (!opts.independentPostgres) {
    const pg = postgresRoles(by);
    if (pg) return pg;
  }

  const vip = by((f) => (f.vip?.known ? f.vip.value.holds : null));
  if (vip.length === 1) return { primary: vip[0]!, standby: null, basis: 'VIP holder' };

  const role = by((f) => (f.roleFiles?.known ? f.roleFiles.value.role === 'master' : null));
  if (role.length === 1) {
    // With independent databases the other node's role file saying slave names it the standby.
    const o = other(role[0]!);
    const slave = facts[o]?.roleFiles?.known && facts[o]!.roleFiles!.value.role === 'slave';
    return { primary: role[0]!, standby: opts.independentPostgres && slave ? o : null, basis: 'role file' };
  }

  return { primary: null, standby: null, basis: 'no live fact names a primary' };
}

/** PostgreSQL's answer when it gives one; null when no node's PostgreSQL answered. */
function postgresRoles(by: (pick: (f: NodeFacts) => boolean | null) => NodeId[]): Roles | null {
  const pgPrimaries = by((f) => (f.postgres?.known ? f.postgres.value.role === 'primary' : null));
  const pgStandbys = by((f) => (f.postgres?.known ? f.postgres.value.role === 'standby' : null));
  if (pgPrimaries.length === 2) return { primary: null, standby: null, basis: 'two PostgreSQL primaries' };
  if (pgPrimaries.length === 1) {
    const p = pgPrimaries[0]!;
    return { primary: p, standby: pgStandbys.includes(other(p)) ? other(p) : null, basis: 'PostgreSQL' };
  }
  if (pgStandbys.length === 2) return { primary: null, standby: null, basis: 'no PostgreSQL primary' };
  // PostgreSQL answered somewhere and nothing is primary: the primary is gone. Never let a VIP
  // that keepalived moved on its own name the standby "primary".
  if (pgStandbys.length === 1) return { primary: null, standby: pgStandbys[0]!, basis: 'no PostgreSQL primary answers' };
  return null;
}
