// repmgr's own view: a node it marks "!" (role differs from its metadata), "?" (unreachable) or
// "-" (failed) is worth saying in repmgr's words, since repmgr is what will act on it.
import type { Finding, Rule } from '../assessment.js';

export const repmgr: Rule = (ctx) => {
  if (!ctx.def.components.repmgr) return [];
  const out: Finding[] = [];
  const said = new Set<string>();
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    if (!f?.repmgr) continue;
    if (!f.repmgr.known) {
      // repmgr reads through the local PostgreSQL: when that is down, the PostgreSQL finding says it.
      if (f.postgres && !f.postgres.known && f.postgres.cause === 'not-running') continue;
      out.push({ level: 'degraded', code: 'repmgr-unknown', node: f.node, message: `repmgr on ${f.name}: unknown (${f.repmgr.reason})` });
      continue;
    }
    for (const n of f.repmgr.value) {
      const mark = n.status.trim()[0];
      if (mark === '!' || mark === '?' || mark === '-' || mark === 'x') {
        const text = `repmgr: ${n.name} (${n.role}) ${n.status.trim()}`;
        if (said.has(text)) continue;
        said.add(text);
        out.push({ level: 'degraded', code: 'repmgr-status', node: f.node, message: `${text} (seen from ${f.name})` });
      }
    }
  }
  return out;
};
