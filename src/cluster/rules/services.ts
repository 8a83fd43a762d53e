// Watched services must be running where they belong: on both nodes, or only on the primary
// (a RapidPro slave runs PostgreSQL and Redis, not the application).
import type { Finding, Rule } from '../assessment.js';

export const services: Rule = (ctx) => {
  const wanted = ctx.def.components.services;
  if (!wanted) return [];
  const out: Finding[] = [];
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    if (!f?.services) continue;
    if (!f.services.known) {
      out.push({
        level: 'degraded',
        code: 'services-unknown',
        node: f.node,
        message: `Services on ${f.name}: unknown (${f.services.reason})`,
      });
      continue;
    }
    const role = ctx.roles.primary === f.node ? 'primary' : ctx.roles.primary ? 'standby' : null;
    for (const s of f.services.value) {
      const def = wanted.find((w) => w.name === s.name);
      const runOn = def?.run_on ?? 'both';
      if (runOn !== 'both' && role !== runOn) continue;
      if (!s.active) {
        out.push({ level: 'degraded', code: 'service-down', node: f.node, message: `${s.name} is not running on ${f.name} (${s.detail})` });
      }
    }
  }
  return out;
};
