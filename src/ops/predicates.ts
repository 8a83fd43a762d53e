// Named predicates over fresh probe facts: what check and wait steps, preflights and
// preconditions test. Each answers yes or no with the detail an operator needs to see why.
import type { Assessment } from '../cluster/assessment.js';
import type { Fact, NodeFacts, NodeId } from '../cluster/facts.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { Predicate } from './procedure-schema.js';
import type { NodeInfo } from './template.js';
import { compareLsn } from './lsn.js';
import { formatBytes, formatDuration } from '../format/units.js';

export interface Observation {
  facts: Partial<Record<NodeId, NodeFacts>>;
  /** Why a node has no facts this round. */
  unreachable: Partial<Record<NodeId, string>>;
  assessment: Assessment;
}

export interface PredicateContext {
  def: ClusterDefinition;
  nodes: Record<NodeId, NodeInfo>;
  roles: { primary: NodeId; standby: NodeId };
  /** Resolves {{...}} in a predicate's value. */
  render: (text: string) => string;
}

export interface PredicateResult {
  ok: boolean;
  /** Human description of the predicate, resolved: "lab-b is streaming from lab-a". */
  label: string;
  detail: string;
}

type Resolved = { node?: NodeId; other?: NodeId; value?: string };
type Impl = (obs: Observation, r: Resolved, ctx: PredicateContext) => { ok: boolean; label: string; detail: string };

const notRunning = (f: Fact<unknown> | undefined) => f !== undefined && !f.known && f.cause === 'not-running';

function need(obs: Observation, ctx: PredicateContext, id: NodeId | undefined): NodeFacts | string {
  if (!id) return 'the predicate names no node';
  const f = obs.facts[id];
  return f ?? `${ctx.nodes[id].name} is unreachable (${obs.unreachable[id] ?? 'no data'})`;
}

const IMPLS: Record<string, Impl> = {
  'both-reachable': (obs, _r, ctx) => {
    const missing = (['a', 'b'] as const).filter((id) => !obs.facts[id]);
    return {
      ok: missing.length === 0,
      label: 'both nodes answer',
      detail: missing.length
        ? missing.map((id) => `${ctx.nodes[id].name}: ${obs.unreachable[id] ?? 'no data'}`).join('; ')
        : 'both answered this round',
    };
  },
  reachable: (obs, r, ctx) => ({
    ok: r.node !== undefined && obs.facts[r.node] !== undefined,
    label: `${ctx.nodes[r.node!].name} answers`,
    detail: r.node && obs.facts[r.node] ? 'answered this round' : `unreachable: ${obs.unreachable[r.node!] ?? 'no data'}`,
  }),
  unreachable: (obs, r, ctx) => ({
    ok: r.node !== undefined && obs.facts[r.node] === undefined,
    label: `${ctx.nodes[r.node!].name} does not answer`,
    detail: r.node && obs.facts[r.node] ? 'it answered this round' : `unreachable: ${obs.unreachable[r.node!] ?? 'no data'}`,
  }),
  'no-split-brain': (obs) => {
    const split = obs.assessment.findings.filter((f) => f.code.startsWith('split-brain'));
    return {
      ok: split.length === 0,
      label: 'no split brain',
      detail: split.length ? split.map((f) => f.message).join('; ') : 'one primary, one VIP holder',
    };
  },
  healthy: (obs) => ({
    ok: obs.assessment.verdict === 'healthy',
    label: 'the cluster is healthy',
    detail:
      obs.assessment.verdict === 'healthy'
        ? 'healthy'
        : `${obs.assessment.verdict}: ${obs.assessment.findings.map((f) => f.message).join('; ')}`,
  }),
  primary: (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const label = `${ctx.nodes[r.node!].name} is the PostgreSQL primary`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.postgres?.known) return { ok: false, label, detail: `PostgreSQL: ${f.postgres?.reason ?? 'not probed'}` };
    return {
      ok: f.postgres.value.role === 'primary',
      label,
      detail: `it is a ${f.postgres.value.role}, timeline ${f.postgres.value.timeline ?? '?'}`,
    };
  },
  standby: (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const label = `${ctx.nodes[r.node!].name} is a PostgreSQL standby`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.postgres?.known) return { ok: false, label, detail: `PostgreSQL: ${f.postgres?.reason ?? 'not probed'}` };
    return { ok: f.postgres.value.role === 'standby', label, detail: `it is a ${f.postgres.value.role}` };
  },
  // Safe to promote the other node: this one does not answer, or its PostgreSQL is not a running
  // primary. "Unknown" for any other reason is not safe: we cannot tell.
  'not-primary': (obs, r, ctx) => {
    const label = `${ctx.nodes[r.node!].name} is not a running primary`;
    const f = obs.facts[r.node!];
    if (!f) return { ok: true, label, detail: `it does not answer (${obs.unreachable[r.node!] ?? 'no data'})` };
    if (notRunning(f.postgres)) return { ok: true, label, detail: 'its PostgreSQL is not running' };
    if (!f.postgres?.known) return { ok: false, label, detail: `cannot tell: PostgreSQL ${f.postgres?.reason ?? 'not probed'}` };
    return { ok: f.postgres.value.role !== 'primary', label, detail: `it is a ${f.postgres.value.role}` };
  },
  'postgres-stopped': (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const label = `PostgreSQL is stopped on ${ctx.nodes[r.node!].name}`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (notRunning(f.postgres)) return { ok: true, label, detail: f.postgres!.known ? '' : f.postgres!.reason };
    return {
      ok: false,
      label,
      detail: f.postgres?.known ? `it runs as ${f.postgres.value.role}` : `PostgreSQL: ${f.postgres?.reason ?? 'not probed'}`,
    };
  },
  streaming: (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const from = ctx.nodes[r.other!];
    const label = `${ctx.nodes[r.node!].name} streams from ${from.name}`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.postgres?.known) return { ok: false, label, detail: `PostgreSQL: ${f.postgres?.reason ?? 'not probed'}` };
    const rcv = f.postgres.value.receiver;
    if (!rcv) return { ok: false, label, detail: f.postgres.value.role === 'primary' ? 'it is a primary' : 'no WAL receiver' };
    const ok = rcv.status === 'streaming' && (rcv.senderHost === from.address || rcv.senderHost === from.name);
    return { ok, label, detail: `WAL receiver ${rcv.status} from ${rcv.senderHost ?? '?'}` };
  },
  'standby-streaming': (obs, _r, ctx) => IMPLS.streaming!(obs, { node: ctx.roles.standby, other: ctx.roles.primary }, ctx),
  'lag-under-threshold': (obs, _r, ctx) => {
    const { lag_bytes, lag_seconds } = ctx.def.thresholds;
    const lag = obs.assessment.findings.filter((f) => f.code === 'replication-lag');
    const p = obs.facts[ctx.roles.primary]?.postgres;
    const sender = p?.known ? p.value.senders.find((s) => s.applicationName === ctx.nodes[ctx.roles.standby].name) : undefined;
    const now = sender ? `lag ${sender.lagBytes === null ? '?' : formatBytes(sender.lagBytes)}` : 'no WAL sender for the standby';
    return {
      ok: lag.length === 0 && sender !== undefined,
      label: `replication lag under ${formatBytes(lag_bytes)} and ${formatDuration(lag_seconds)}`,
      detail: now,
    };
  },
  'replayed-at-least': (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const label = `${ctx.nodes[r.node!].name} has replayed WAL up to ${r.value ?? '?'}`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.postgres?.known) return { ok: false, label, detail: `PostgreSQL: ${f.postgres?.reason ?? 'not probed'}` };
    const at = f.postgres.value.replayedLsn ?? f.postgres.value.currentLsn;
    if (!at || !r.value) return { ok: false, label, detail: 'no replay position known' };
    const cmp = compareLsn(at, r.value);
    return { ok: cmp !== null && cmp >= 0, label, detail: `replayed ${at}` };
  },
  'vip-on': (obs, r, ctx) => {
    const label = `the VIP is on ${ctx.nodes[r.node!].name} only`;
    const mine = obs.facts[r.node!]?.vip;
    const theirs = obs.facts[r.other ?? (r.node === 'a' ? 'b' : 'a')]?.vip;
    if (!mine?.known) return { ok: false, label, detail: mine ? mine.reason : 'no VIP facts' };
    const otherHolds = theirs?.known ? theirs.value.holds : false;
    return {
      ok: mine.value.holds && !otherHolds,
      label,
      detail: `holds: ${mine.value.holds}; peer holds: ${theirs?.known ? otherHolds : 'unknown'}`,
    };
  },
  'redis-master': (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const label = `Redis on ${ctx.nodes[r.node!].name} is a master`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.redis?.known) return { ok: false, label, detail: f.redis?.reason ?? 'not probed' };
    return { ok: f.redis.value.role === 'master', label, detail: `role ${f.redis.value.role}` };
  },
  'redis-replica': (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const of = ctx.nodes[r.other!];
    const label = `Redis on ${ctx.nodes[r.node!].name} replicates ${of.name} with its link up`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.redis?.known) return { ok: false, label, detail: f.redis?.reason ?? 'not probed' };
    const v = f.redis.value;
    const ok = v.role === 'replica' && v.masterLinkStatus === 'up' && (v.masterHost === of.address || v.masterHost === of.name);
    return { ok, label, detail: `role ${v.role}, master ${v.masterHost ?? '-'}, link ${v.masterLinkStatus ?? '-'}` };
  },
  'role-file': (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const label = `${ctx.nodes[r.node!].name}'s role file says ${r.value ?? '?'}`;
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.roleFiles?.known) return { ok: false, label, detail: f.roleFiles?.reason ?? 'not probed' };
    return { ok: f.roleFiles.value.role === r.value, label, detail: `it says ${f.roleFiles.value.role ?? '(missing)'}` };
  },
  'status-file': (obs, r, ctx) => {
    const f = need(obs, ctx, r.node);
    const file = ctx.def.components.role_files?.status;
    const label = `${ctx.nodes[r.node!].name}'s status file says ${r.value ?? '?'}`;
    if (!file) return { ok: false, label, detail: 'the cluster file names no role_files.status' };
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.roleFiles?.known) return { ok: false, label, detail: f.roleFiles?.reason ?? 'not probed' };
    return { ok: f.roleFiles.value.status === r.value, label, detail: `${file} says ${f.roleFiles.value.status ?? '(missing)'}` };
  },
  // RapidPro's controller never promotes a slave whose status is failure or transient: it failed
  // on its own, or is half-way through a change. Without a status file there is nothing to refuse.
  'promotable-status': (obs, r, ctx) => {
    const file = ctx.def.components.role_files?.status;
    const label = `${ctx.nodes[r.node!].name}'s status file allows a promotion`;
    if (!file) return { ok: true, label, detail: 'no status file in the cluster file' };
    const f = need(obs, ctx, r.node);
    if (typeof f === 'string') return { ok: false, label, detail: f };
    if (!f.roleFiles?.known) return { ok: false, label, detail: `cannot read ${file}: ${f.roleFiles?.reason ?? 'not probed'}` };
    const status = f.roleFiles.value.status;
    if (status === 'failure' || status === 'transient')
      return {
        ok: false,
        label,
        detail: `${file} says ${status}: a node in failure or transient is never promoted; find out why, then set it to disabled or working`,
      };
    return { ok: true, label, detail: `${file} says ${status ?? '(missing)'}` };
  },
  // Every Sentinel that answers names this node's address as the Redis master (after SENTINEL FAILOVER).
  'sentinel-master-on': (obs, r, ctx) => {
    const target = ctx.nodes[r.node!];
    const label = `every Sentinel names ${target.name} (${target.address}) the Redis master`;
    const views = (['a', 'b'] as const).flatMap((id) => {
      const s = obs.facts[id]?.sentinel;
      return s ? [{ id, s }] : [];
    });
    if (views.length === 0) return { ok: false, label, detail: 'no Sentinel facts this round' };
    const said = views.map(({ id, s }) => `${ctx.nodes[id].name}: ${s.known ? `${s.value.master.ip}:${s.value.master.port}` : s.reason}`);
    const ok = views.every(({ s }) => s.known && (s.value.master.ip === target.address || s.value.master.ip === target.name));
    return { ok, label, detail: said.join('; ') };
  },
  'primary-only-stopped': (obs, r, ctx) => primaryOnly(obs, r, ctx, false),
  'primary-only-running': (obs, r, ctx) => primaryOnly(obs, r, ctx, true),
};

/** The services that run on the primary alone (components.services with run_on: primary). */
export function primaryOnlyServices(def: ClusterDefinition): string[] {
  return (def.components.services ?? []).filter((s) => s.run_on === 'primary').map((s) => s.name);
}

function primaryOnly(obs: Observation, r: Resolved, ctx: PredicateContext, running: boolean) {
  const names = primaryOnlyServices(ctx.def);
  const label = `${names.join(', ') || 'no primary-only service'} ${running ? 'running' : 'stopped'} on ${ctx.nodes[r.node!].name}`;
  const f = need(obs, ctx, r.node);
  if (typeof f === 'string') return { ok: false, label, detail: f };
  if (!f.services?.known) return { ok: false, label, detail: `services: ${f.services?.reason ?? 'not probed'}` };
  const wrong = f.services.value.filter((s) => names.includes(s.name) && s.active !== running);
  return {
    ok: wrong.length === 0,
    label,
    detail: wrong.length ? wrong.map((s) => `${s.name}: ${s.detail}`).join('; ') : `all ${running ? 'running' : 'stopped'}`,
  };
}

export const PREDICATE_NAMES = Object.keys(IMPLS);

/** Which node ids a predicate's arguments mean, with the run's fixed roles. */
function resolve(p: Predicate, ctx: PredicateContext): { name: string; r: Resolved } {
  if (typeof p === 'string') return { name: p, r: {} };
  const id = (t: string | undefined): NodeId | undefined =>
    t === undefined ? undefined : t === 'primary' ? ctx.roles.primary : t === 'standby' ? ctx.roles.standby : (t as NodeId);
  return { name: p.is, r: { node: id(p.node), other: id(p.from ?? p.of), value: p.value === undefined ? undefined : ctx.render(p.value) } };
}

export function evaluate(p: Predicate, obs: Observation, ctx: PredicateContext): PredicateResult {
  const { name, r } = resolve(p, ctx);
  const impl = IMPLS[name];
  if (!impl) return { ok: false, label: name, detail: `unknown predicate "${name}"; known: ${PREDICATE_NAMES.join(', ')}` };
  return impl(obs, r, ctx);
}

/** Checked when a procedure is loaded against a cluster, so a typo fails the plan, not the run. */
export function predicateProblem(p: Predicate): string | null {
  const name = typeof p === 'string' ? p : p.is;
  return IMPLS[name] ? null : `unknown predicate "${name}"; known: ${PREDICATE_NAMES.join(', ')}`;
}
