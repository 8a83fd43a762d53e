// Redis Sentinel: it moves the Redis master by itself, so what it believes matters as much as
// Redis. Reported: a master Sentinel sees down, no quorum for a failover, Sentinels that disagree
// on the master or with Redis's own replication, and the two-node trap: with only two Sentinels,
// the one left when a node dies is no majority and never fails over.
import { isIP } from 'node:net';
import type { Finding, Rule } from '../assessment.js';

export const sentinel: Rule = (ctx) => {
  const settings = ctx.def.components.sentinel;
  if (!settings) return [];
  const out: Finding[] = [];
  const seen: { name: string; at: string; sentinels: number }[] = [];
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    const s = f?.sentinel;
    if (!f || !s) continue;
    if (!s.known) {
      out.push({ level: 'degraded', code: 'sentinel-unknown', node: f.node, message: `Sentinel on ${f.name}: unknown (${s.reason})` });
      continue;
    }
    const m = s.value.master;
    const at = `${m.ip}:${m.port}`;
    seen.push({ name: f.name, at, sentinels: m.numOtherSentinels + 1 });
    if (m.flags.includes('o_down')) {
      out.push({
        level: 'critical',
        code: 'sentinel-master-down',
        node: f.node,
        message: `Sentinel on ${f.name}: the Redis master ${m.name} at ${at} is down for a quorum of Sentinels (o_down): a failover is due`,
      });
    } else if (m.flags.includes('s_down')) {
      out.push({
        level: 'degraded',
        code: 'sentinel-master-down',
        node: f.node,
        message: `Sentinel on ${f.name} sees the Redis master ${m.name} at ${at} down (s_down)`,
      });
    }
    if (s.value.ckquorum.known && !s.value.ckquorum.value.ok) {
      out.push({
        level: 'degraded',
        code: 'sentinel-no-quorum',
        node: f.node,
        message: `Sentinel on ${f.name} cannot authorise a failover of ${m.name}: ${s.value.ckquorum.value.message}`,
      });
    } else if (!s.value.ckquorum.known) {
      out.push({
        level: 'degraded',
        code: 'sentinel-unknown',
        node: f.node,
        message: `Sentinel quorum on ${f.name}: unknown (${s.value.ckquorum.reason})`,
      });
    }
  }
  const [x, y] = seen;
  if (x && y && x.at !== y.at) {
    out.push({
      level: 'critical',
      code: 'sentinel-disagree',
      message: `Sentinels disagree on the Redis master ${settings.master}: ${x.name} says ${x.at}, ${y.name} says ${y.at}`,
      advice:
        'Clients asking different Sentinels write to different masters. Find the real master (INFO replication on both) before anything moves Redis.',
    });
  }
  // Redis replicas that follow another master than the one Sentinel names: clients that ask Sentinel
  // write to one node while the replicas copy another.
  const named = x && (!y || x.at === y.at) ? x.at : null;
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    const r = f?.redis;
    if (!f || !named || !r?.known || r.value.role !== 'replica' || r.value.masterHost === null) continue;
    // Sentinel names masters by IP; a replica set up with a host name cannot be compared unresolved.
    if (!isIP(r.value.masterHost)) continue;
    const follows = `${r.value.masterHost}:${r.value.masterPort ?? '?'}`;
    if (follows !== named) {
      out.push({
        level: 'critical',
        code: 'sentinel-redis-disagree',
        node: f.node,
        message: `Redis on ${f.name} replicates ${follows}, but the Sentinels name ${named} the master of ${settings.master}`,
      });
    }
  }
  const most = Math.max(0, ...seen.map((s) => s.sentinels));
  if (seen.length > 0 && most <= 2) {
    out.push({
      level: 'degraded',
      code: 'sentinel-cannot-elect',
      message: `Only ${most} Sentinel${most === 1 ? '' : 's'} watch ${settings.master}: when a node dies with its Sentinel, the one left is no majority and never fails over; a third Sentinel on another host makes failover possible`,
    });
  }
  return out;
};
