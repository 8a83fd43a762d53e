// The host itself: its basic facts must be readable, and its clock close to ours (replication
// lag in seconds, backup ages and journal times all depend on clocks).
import type { Finding, Rule } from '../assessment.js';
import { formatDuration } from '../../format/units.js';

export const host: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    if (!f) continue;
    if (!f.host.known) {
      out.push({ level: 'degraded', code: 'host-unknown', node: f.node, message: `Host facts of ${f.name}: unknown (${f.host.reason})` });
      continue;
    }
    const skew = Math.abs(f.host.value.clockSkewMs) / 1000;
    if (skew > ctx.def.thresholds.clock_skew) {
      out.push({
        level: 'degraded',
        code: 'clock-skew',
        node: f.node,
        message: `${f.name}'s clock is ${formatDuration(skew)} off this machine's`,
      });
    }
  }
  return out;
};
