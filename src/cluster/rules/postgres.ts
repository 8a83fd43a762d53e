// PostgreSQL replication: exactly one primary, a standby that streams from it, lag within the
// thresholds, no inactive slot quietly filling the primary's disk.
import type { Finding, Rule } from '../assessment.js';
import type { NodeId, PostgresFacts } from '../facts.js';
import { formatBytes, formatDuration } from '../../format/units.js';

const other = (n: NodeId): NodeId => (n === 'a' ? 'b' : 'a');

export const postgres: Rule = (ctx) => {
  if (!ctx.def.components.postgres) return [];
  const { facts, name } = ctx;
  const { lag_bytes, lag_seconds } = ctx.def.thresholds;
  const out: Finding[] = [];
  const pg = (id: NodeId) => facts[id]?.postgres;
  if (ctx.def.components.postgres.independent) return independent(ctx);
  const primaries = (['a', 'b'] as const).filter((id) => {
    const p = pg(id);
    return p?.known && p.value.role === 'primary';
  });
  if (primaries.length === 2) return out; // split brain: reported by its own rule, nothing else is meaningful

  if (primaries.length === 0) {
    // Only when both nodes answered can we say there is no primary; otherwise the unseen one may be it.
    if (facts.a && facts.b) {
      const say = (id: NodeId) => {
        const p = pg(id)!;
        return p.known ? `${name(id)} is a standby` : `${name(id)} does not answer (${p.reason})`;
      };
      out.push({
        level: 'critical',
        code: 'no-primary',
        message: `No PostgreSQL primary: ${say('a')}, ${say('b')}; nothing accepts writes`,
      });
    }
    return out;
  }

  const primary = primaries[0]!;
  const standby = other(primary);
  const primaryFacts = (pg(primary) as { value: PostgresFacts }).value;
  const sp = pg(standby);
  if (facts[standby] && sp) {
    if (!sp.known) {
      out.push({
        level: 'degraded',
        code: 'standby-down',
        node: standby,
        message: `PostgreSQL does not answer on ${name(standby)} (${sp.reason}); the primary ${name(primary)} has no standby`,
      });
    } else {
      const r = sp.value.receiver;
      if (r?.status !== 'streaming') {
        out.push({
          level: 'degraded',
          code: 'standby-not-streaming',
          node: standby,
          message: `${name(standby)} is not streaming from ${name(primary)} (WAL receiver: ${r ? r.status : 'none'})`,
        });
      }
    }
  }

  // Synchronous replication without a synchronous standby: every commit waits, forever.
  const names = primaryFacts.synchronousStandbyNames;
  if (names && !primaryFacts.senders.some((s) => s.syncState === 'sync' || s.syncState === 'quorum')) {
    out.push({
      level: 'critical',
      code: 'writes-blocked',
      node: primary,
      message: `Commits on ${name(primary)} wait for a synchronous standby (synchronous_standby_names = '${names}') and none is connected: writes hang`,
      advice: `Bring the standby back (hapilot run rejoin), or, to accept writes without a standby, set synchronous_standby_names = '' on ${name(primary)}.`,
    });
  }

  // Configured synchronous, running asynchronous (a failover switched it off, a copied
  // postgresql.auto.conf kept it off): a failover now can lose what clients were told is committed.
  if (ctx.def.components.postgres.synchronous && names === '' && sp?.known && sp.value.receiver?.status === 'streaming') {
    out.push({
      level: 'degraded',
      code: 'synchronous-off',
      node: primary,
      message: `${name(primary)} commits without waiting for ${name(standby)} although the cluster is configured synchronous: a failover now can lose committed transactions`,
    });
  }

  // Lag: the primary's view per WAL sender when it has one, else the standby's own view.
  const lagged = primaryFacts.senders.filter(
    (s) => (s.lagBytes !== null && s.lagBytes > lag_bytes) || (s.replayLagSeconds !== null && s.replayLagSeconds > lag_seconds),
  );
  for (const s of lagged) {
    out.push({
      level: 'degraded',
      code: 'replication-lag',
      node: standby,
      message: `Replication lag to ${s.applicationName}: ${s.lagBytes === null ? '?' : formatBytes(s.lagBytes)}, ${
        s.replayLagSeconds === null ? '?' : formatDuration(s.replayLagSeconds)
      } (thresholds ${formatBytes(lag_bytes)}, ${formatDuration(lag_seconds)})`,
    });
  }
  if (primaryFacts.senders.length === 0 && sp?.known) {
    const v = sp.value;
    if ((v.replayBacklogBytes ?? 0) > lag_bytes || (v.replayLagSeconds ?? 0) > lag_seconds) {
      out.push({
        level: 'degraded',
        code: 'replication-lag',
        node: standby,
        message: `${name(standby)} replays ${formatDuration(v.replayLagSeconds ?? 0)} behind (${formatBytes(v.replayBacklogBytes ?? 0)} received, not replayed)`,
      });
    }
  }

  for (const slot of primaryFacts.slots) {
    if (!slot.active && slot.retainedBytes !== null && slot.retainedBytes > lag_bytes) {
      out.push({
        level: 'degraded',
        code: 'slot-inactive',
        node: primary,
        message: `Replication slot ${slot.name} on ${name(primary)} is inactive and retains ${formatBytes(slot.retainedBytes)} of WAL`,
      });
    }
  }
  return out;
};

/** Each node's own database (postgres.independent): it must answer; there is no replication to judge. */
function independent(ctx: Parameters<Rule>[0]): Finding[] {
  const out: Finding[] = [];
  for (const id of ['a', 'b'] as const) {
    const p = ctx.facts[id]?.postgres;
    if (p && !p.known) {
      out.push({
        level: 'degraded',
        code: 'postgres-down',
        node: id,
        message: `PostgreSQL does not answer on ${ctx.name(id)} (${p.reason})`,
      });
    }
  }
  return out;
}
