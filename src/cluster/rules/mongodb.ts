// MongoDB replica set as each node sees it: one PRIMARY, healthy members, secondaries not behind.
// Both nodes usually report the same members, so a member's problem is said once.
import type { Finding, Rule } from '../assessment.js';
import { formatDuration } from '../../format/units.js';

export const mongodb: Rule = (ctx) => {
  if (!ctx.def.components.mongodb) return [];
  const out = new Map<string, Finding>();
  const add = (key: string, f: Finding) => out.has(key) || out.set(key, f);
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    if (!f?.mongodb) continue;
    if (!f.mongodb.known) {
      add(`unknown|${f.node}`, {
        level: 'degraded',
        code: 'mongodb-unknown',
        node: f.node,
        message: `MongoDB on ${f.name}: unknown (${f.mongodb.reason})`,
      });
      continue;
    }
    const members = f.mongodb.value.members;
    if (!members.some((m) => m.stateStr === 'PRIMARY')) {
      add('no-primary', {
        level: 'critical',
        code: 'mongodb-no-primary',
        message: `MongoDB replica set has no PRIMARY (seen from ${f.name})`,
      });
    }
    for (const m of members) {
      if (m.health !== 1) {
        add(`unhealthy|${m.name}`, {
          level: 'degraded',
          code: 'mongodb-member-unhealthy',
          message: `MongoDB member ${m.name} is ${m.stateStr} (seen from ${f.name})`,
        });
      } else if (m.lagSeconds !== null && m.lagSeconds > ctx.def.thresholds.lag_seconds) {
        add(`lag|${m.name}`, {
          level: 'degraded',
          code: 'mongodb-lag',
          message: `MongoDB member ${m.name} is ${formatDuration(m.lagSeconds)} behind the primary (seen from ${f.name})`,
        });
      }
    }
  }
  return [...out.values()];
};
