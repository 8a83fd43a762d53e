// The newest dump must be recent enough (RapidPro dumps every 5 minutes on a working slave).
import type { Finding, Rule } from '../assessment.js';
import { formatDuration } from '../../format/units.js';

export const backups: Rule = (ctx) => {
  if (!ctx.def.components.backups) return [];
  const out: Finding[] = [];
  const maxAge = ctx.def.thresholds.backup_max_age;
  const found = [ctx.facts.a, ctx.facts.b].filter((f) => f?.backups?.known);
  // One node with a fresh dump is enough: dumps move with the role (slave dumps, master rarely).
  const fresh = found.some((f) => {
    const latest = f!.backups!.known ? f!.backups!.value.latest : null;
    return latest !== null && latest.ageSeconds <= maxAge;
  });
  if (found.length > 0 && !fresh) {
    const ages = found.map((f) => {
      const latest = f!.backups!.known ? f!.backups!.value.latest : null;
      return `${f!.name}: ${latest ? `${latest.name}, ${formatDuration(latest.ageSeconds)} old` : 'none'}`;
    });
    out.push({ level: 'degraded', code: 'backup-stale', message: `No backup newer than ${formatDuration(maxAge)} (${ages.join('; ')})` });
  }
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    if (f?.backups && !f.backups.known) {
      out.push({
        level: 'degraded',
        code: 'backups-unknown',
        node: f.node,
        message: `Backups on ${f.name}: unknown (${f.backups.reason})`,
      });
    }
  }
  return out;
};
