// Carbonio's own signals: a promotion still queued (never start another, nor a procedure, while
// one runs), a habeat lock file left behind (habeat then believes a promotion or a down state it
// saw long ago), a promotion lock with nothing running (habeat's own unfinished check), and Consul
// members the witness does not see alive (habeat asks the witness before it promotes).
import type { Finding, Rule } from '../assessment.js';
import { formatDuration } from '../../format/units.js';

const STATUS: Record<number, string> = { 0: 'none', 2: 'leaving', 3: 'left', 4: 'failed' };

export const carbonio: Rule = (ctx) => {
  const settings = ctx.def.components.carbonio;
  if (!settings) return [];
  const out: Finding[] = [];
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    const c = f?.carbonio;
    if (!f || !c) continue;
    if (!c.known) {
      out.push({ level: 'degraded', code: 'carbonio-unknown', node: f.node, message: `Carbonio on ${f.name}: unknown (${c.reason})` });
      continue;
    }
    const { locks, operations, witness, accounts } = c.value;
    for (const [what, part] of [
      ['habeat lock files', locks],
      ['account status', accounts],
      ['queued operations', operations],
      ['Consul witness', witness],
    ] as const) {
      if (!part.known)
        out.push({
          level: 'degraded',
          code: 'carbonio-unknown',
          node: f.node,
          message: `Carbonio ${what} on ${f.name}: unknown (${part.reason})`,
        });
    }
    if (operations.known && operations.value > 0) {
      out.push({
        level: 'degraded',
        code: 'carbonio-promotion-queued',
        node: f.node,
        message: `${f.name}: Carbonio has ${operations.value} operation${operations.value === 1 ? '' : 's'} queued or running (core getAllOperations): an account promotion may still run`,
        advice: 'Let it finish (carbonio core getAllOperations) before promoting again or starting a procedure.',
      });
    }
    if (locks.known) {
      for (const l of locks.value) {
        if (!l.present) continue;
        const age = l.ageSeconds ?? 0;
        if (age > settings.lock_max_age) {
          out.push({
            level: 'degraded',
            code: 'habeat-lock-stale',
            node: f.node,
            message: `habeat lock file ${l.path} on ${f.name} is ${formatDuration(age)} old (over ${formatDuration(settings.lock_max_age)}): habeat still acts on a state it saw then`,
            advice: `Once both sites answer, remove ${l.path} on ${f.name}; habeat removes it itself only when its ping succeeds.`,
          });
        } else if (/prom/.test(l.path) && operations.known && operations.value === 0) {
          out.push({
            level: 'degraded',
            code: 'habeat-lock-stale',
            node: f.node,
            message: `habeat's promotion lock ${l.path} on ${f.name} is there but Carbonio runs no operation: the promotion ended and the lock stayed`,
          });
        }
      }
    }
    if (witness.known) {
      for (const m of witness.value.filter((x) => x.status !== 1)) {
        out.push({
          level: 'degraded',
          code: 'consul-member-down',
          node: f.node,
          message: `Consul on ${f.name} sees ${m.name} (${m.addr}) ${STATUS[m.status] ?? `in status ${m.status}`}: habeat's witness counts it as down`,
        });
      }
    }
  }
  return out;
};
