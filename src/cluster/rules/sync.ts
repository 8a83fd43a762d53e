// Synchronised directories should hold about the same bytes on both nodes (TVOX's `du` check).
// A difference is normal during a first full sync; over the threshold it is worth a look.
import type { Finding, Rule } from '../assessment.js';
import { formatBytes } from '../../format/units.js';
import { compareSync } from '../sync-compare.js';

export const sync: Rule = (ctx) => {
  if (!ctx.def.components.sync) return [];
  const out: Finding[] = [];
  const { a, b } = ctx.facts;
  for (const f of [a, b]) {
    if (f?.sync && !f.sync.known) {
      out.push({ level: 'degraded', code: 'sync-unknown', node: f.node, message: `Sync sizes on ${f.name}: unknown (${f.sync.reason})` });
    }
    if (f?.sync?.known) {
      for (const d of f.sync.value) {
        if (d.bytes === null)
          out.push({
            level: 'degraded',
            code: 'sync-dir-problem',
            node: f.node,
            message: `${d.path} on ${f.name}: ${d.problem ?? 'size unknown'}`,
          });
      }
    }
  }
  if (!a?.sync?.known || !b?.sync?.known) return out;
  const pct = ctx.def.thresholds.sync_diff_percent;
  const subdirs = compareSync(a, b);
  for (const da of a.sync.value) {
    const db = b.sync.value.find((d) => d.path === da.path);
    if (!db || da.bytes === null || db.bytes === null) continue;
    const diff = Math.abs(da.bytes - db.bytes);
    const larger = Math.max(da.bytes, db.bytes);
    if (larger > 0 && (diff / larger) * 100 > pct) {
      // Where the difference is, per first-level subdirectory (TVOX compares du --max-depth=1 line by line).
      const where = subdirs
        .filter((d) => d.path === da.path && d.subdir !== null && (d.diffBytes ?? 0) > 0)
        .sort((x, y) => (y.diffBytes ?? 0) - (x.diffBytes ?? 0))
        .slice(0, 3)
        .map(
          (d) =>
            `${d.subdir} ${formatBytes(d.diffBytes ?? 0)}${d.a === null ? ` (not on ${a.name})` : d.b === null ? ` (not on ${b.name})` : ''}`,
        );
      out.push({
        level: 'degraded',
        code: 'sync-diff',
        message: `${da.path} differs by ${formatBytes(diff)} (${((diff / larger) * 100).toFixed(1)}%): ${a.name} ${formatBytes(da.bytes)}, ${b.name} ${formatBytes(db.bytes)}${where.length ? `; most in ${where.join(', ')}` : ''}`,
      });
    }
  }
  return out;
};
