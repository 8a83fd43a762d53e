// keepalived must run on both nodes, or the VIP has nowhere to go when its holder fails.
import type { Finding, Rule } from '../assessment.js';

export const keepalived: Rule = (ctx) => {
  if (!ctx.def.components.keepalived) return [];
  const out: Finding[] = [];
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    if (!f?.keepalived) continue;
    if (!f.keepalived.known) {
      out.push({
        level: 'degraded',
        code: 'keepalived-unknown',
        node: f.node,
        message: `keepalived on ${f.name}: unknown (${f.keepalived.reason})`,
      });
    } else if (!f.keepalived.value.running) {
      out.push({
        level: 'degraded',
        code: 'keepalived-down',
        node: f.node,
        message: `keepalived is not running on ${f.name}: the VIP cannot fail over to it`,
      });
    }
  }
  return out;
};
