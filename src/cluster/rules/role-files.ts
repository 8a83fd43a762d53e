// RapidPro-style state files must agree with what the node really is: a "master" file on a
// standby makes cron scripts act as master (dumps, scheduled messages).
import type { Finding, Rule } from '../assessment.js';

const LIVE_TO_FILE = { primary: 'master', standby: 'slave' } as const;

export const roleFiles: Rule = (ctx) => {
  if (!ctx.def.components.role_files) return [];
  const out: Finding[] = [];
  for (const id of ['a', 'b'] as const) {
    const f = ctx.facts[id];
    if (!f?.roleFiles) continue;
    if (!f.roleFiles.known) {
      out.push({
        level: 'degraded',
        code: 'role-file-unknown',
        node: id,
        message: `Role file on ${f.name}: unknown (${f.roleFiles.reason})`,
      });
      continue;
    }
    const { role, status } = f.roleFiles.value;
    if (role === null) {
      out.push({
        level: 'degraded',
        code: 'role-file-missing',
        node: id,
        message: `${f.name} has no role file (${ctx.def.components.role_files.role})`,
      });
    } else if (f.postgres?.known && !ctx.def.components.postgres?.independent) {
      const expected = LIVE_TO_FILE[f.postgres.value.role];
      if (role !== expected) {
        out.push({
          level: 'degraded',
          code: 'role-mismatch',
          node: id,
          message: `${f.name}: role file says ${role}, but PostgreSQL is ${f.postgres.value.role === 'primary' ? 'a primary' : 'a standby'}`,
        });
      }
    }
    if (status !== null && status !== 'working') {
      out.push({
        // A primary that declared itself failed is serving nothing; a failed standby only costs redundancy.
        level: status === 'failure' && ctx.roles.primary === id ? 'critical' : 'degraded',
        code: 'status-not-working',
        node: id,
        message: `${f.name} status file says ${status}`,
      });
    }
  }
  return out;
};
