// Redis follows PostgreSQL: one master on the primary, a replica with its link up, lag bounded.
import type { Finding, Rule } from '../assessment.js';
import { formatBytes } from '../../format/units.js';

export const redis: Rule = (ctx) => {
  if (!ctx.def.components.redis) return [];
  const out: Finding[] = [];
  const { a, b } = ctx.facts;
  const masters = [a, b].filter((f) => f?.redis?.known && f.redis.value.role === 'master').length;
  for (const f of [a, b]) {
    if (!f?.redis) continue;
    if (!f.redis.known) {
      out.push({ level: 'degraded', code: 'redis-down', node: f.node, message: `Redis on ${f.name} does not answer (${f.redis.reason})` });
      continue;
    }
    const r = f.redis.value;
    if (r.role === 'replica') {
      if (r.masterLinkStatus !== 'up') {
        out.push({
          level: 'degraded',
          code: 'redis-link-down',
          node: f.node,
          message: `Redis replica on ${f.name} has its link to ${r.masterHost ?? '?'}:${r.masterPort ?? '?'} ${r.masterLinkStatus ?? 'in an unknown state'}`,
        });
      }
    } else {
      // Lag is only known on the master: the offset each replica acknowledged against its own.
      for (const rep of r.replicas) {
        if (rep.lagBytes > ctx.def.thresholds.lag_bytes) {
          out.push({
            level: 'degraded',
            code: 'redis-lag',
            node: f.node,
            message: `Redis replica ${rep.ip}:${rep.port} is ${formatBytes(rep.lagBytes)} behind the master on ${f.name}`,
          });
        }
      }
    }
    if (r.role === 'master' && masters === 1 && ctx.roles.primary && ctx.roles.primary !== f.node && ctx.def.components.postgres) {
      out.push({
        level: 'degraded',
        code: 'redis-master-elsewhere',
        node: f.node,
        message: `Redis master is on ${f.name}, but the PostgreSQL primary is ${ctx.name(ctx.roles.primary)}`,
      });
    }
  }
  if (a?.redis?.known && b?.redis?.known && a.redis.value.role === 'replica' && b.redis.value.role === 'replica') {
    out.push({ level: 'critical', code: 'redis-no-master', message: `No Redis master: both ${a.name} and ${b.name} are replicas` });
  }
  return out;
};
