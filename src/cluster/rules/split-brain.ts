// Two nodes each acting as the single writer: the state where data is lost. Each kind is its own
// finding, so the operator sees every layer that is split, not just the first.
import type { Finding, Rule, RuleContext } from '../assessment.js';
import type { NodeFacts } from '../facts.js';

const FENCE =
  'Fence one node first: stop writes on the node that must not be primary (stop its PostgreSQL and ' +
  'keepalived, or power it off), then rejoin it as standby with `hapilot run rejoin`. Do not promote, ' +
  'restart or resync anything before one side is fenced.';

function both(ctx: RuleContext, test: (f: NodeFacts) => boolean | null): boolean {
  const { a, b } = ctx.facts;
  return a !== undefined && b !== undefined && test(a) === true && test(b) === true;
}

export const splitBrain: Rule = (ctx) => {
  const out: Finding[] = [];
  const pair = `${ctx.name('a')} and ${ctx.name('b')}`;
  // Independent databases (Wazo) are both writable by design: two primaries is their normal state.
  const pgPair = ctx.def.components.postgres?.independent !== true;
  if (pgPair && both(ctx, (f) => (f.postgres?.known ? f.postgres.value.role === 'primary' : null))) {
    const tl = (id: 'a' | 'b') => {
      const pg = ctx.facts[id]!.postgres!;
      return pg.known && pg.value.timeline !== null ? ` (timeline ${pg.value.timeline})` : '';
    };
    out.push({
      level: 'critical',
      code: 'split-brain-postgres',
      message: `SPLIT BRAIN: two PostgreSQL primaries, ${ctx.name('a')}${tl('a')} and ${ctx.name('b')}${tl('b')}`,
      advice: FENCE,
    });
  }
  if (both(ctx, (f) => (f.vip?.known ? f.vip.value.holds : null))) {
    out.push({
      level: 'critical',
      code: 'split-brain-vip',
      message: `SPLIT BRAIN: both ${pair} hold the VIP ${ctx.def.vip?.address ?? ''}`.trimEnd(),
      advice: FENCE,
    });
  }
  if (both(ctx, (f) => (f.redis?.known ? f.redis.value.role === 'master' : null))) {
    out.push({ level: 'critical', code: 'split-brain-redis', message: `SPLIT BRAIN: two Redis masters, ${pair}`, advice: FENCE });
  }
  const mongoSelfPrimary = (f: NodeFacts) =>
    f.mongodb?.known ? f.mongodb.value.members.some((m) => m.self && m.stateStr === 'PRIMARY') : null;
  if (both(ctx, mongoSelfPrimary)) {
    out.push({
      level: 'critical',
      code: 'split-brain-mongodb',
      message: `SPLIT BRAIN: two MongoDB PRIMARY members, ${pair}`,
      advice: FENCE,
    });
  }
  if (both(ctx, (f) => (f.roleFiles?.known ? f.roleFiles.value.role === 'master' : null))) {
    out.push({
      level: 'critical',
      code: 'split-brain-role-files',
      message: `SPLIT BRAIN: both role files say master (${pair}); both nodes may run master-only jobs`,
      advice: FENCE,
    });
  }
  return out;
};
