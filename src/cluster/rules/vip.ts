// The VIP is where clients write: it must be on exactly one node, and that node must be the
// PostgreSQL primary (a VIP on a standby sends writes to a read-only server).
import type { Finding, Rule } from '../assessment.js';

export const vip: Rule = (ctx) => {
  const address = ctx.def.vip?.address;
  if (!address) return [];
  const out: Finding[] = [];
  const { a, b } = ctx.facts;
  for (const f of [a, b]) {
    if (f?.vip && !f.vip.known) {
      out.push({ level: 'degraded', code: 'vip-unknown', node: f.node, message: `VIP on ${f.name}: unknown (${f.vip.reason})` });
    }
  }
  const holders = [a, b].filter((f) => f?.vip?.known && f.vip.value.holds);
  const bothKnown = a?.vip?.known && b?.vip?.known;
  if (bothKnown && holders.length === 0) {
    out.push({ level: 'critical', code: 'vip-missing', message: `No node holds the VIP ${address}: clients cannot reach the service` });
  }
  if (holders.length === 1) {
    const h = holders[0]!;
    if (h.postgres?.known && h.postgres.value.role === 'standby') {
      out.push({
        level: 'critical',
        code: 'vip-on-standby',
        node: h.node,
        message: `The VIP ${address} is on ${h.name}, a PostgreSQL standby: writes through the VIP fail`,
      });
    }
  }
  return out;
};
