// A service that must run on the primary alone (RapidPro's celerybeat, its scheduler) running on
// both nodes: "two masters". Each node then sends the scheduled messages, so every contact gets
// them twice. RapidPro's controller calls it the dangerous state; the remedy is to stop one.
import type { Finding, Rule } from '../assessment.js';

export const twoMasters: Rule = (ctx) => {
  const wanted = ctx.def.components.services?.filter((s) => s.run_on === 'primary') ?? [];
  const { a, b } = ctx.facts;
  if (wanted.length === 0 || !a?.services?.known || !b?.services?.known) return [];
  const runs = (list: typeof a.services.value, name: string) => list.some((s) => s.name === name && s.active);
  const out: Finding[] = [];
  for (const s of wanted) {
    if (!runs(a.services.value, s.name) || !runs(b.services.value, s.name)) continue;
    const keep = ctx.roles.primary ? ctx.name(ctx.roles.primary) : null;
    const stop = ctx.roles.primary ? ctx.name(ctx.roles.primary === 'a' ? 'b' : 'a') : null;
    out.push({
      level: 'critical',
      code: 'two-masters',
      message: `TWO MASTERS: ${s.name} runs on both ${a.name} and ${b.name}, but belongs on the primary only (both act as master: scheduled work is done twice)`,
      advice:
        keep && stop
          ? `Stop ${s.name} on ${stop}, the node that is not the primary (${keep} is, by ${ctx.roles.basis}).`
          : `Stop ${s.name} on the node that must not be master; no live fact names the primary (${ctx.roles.basis}).`,
    });
  }
  return out;
};
