// A node we cannot reach is reported with why and when we last saw it, never judged on old data.
import type { Rule } from '../assessment.js';
import { formatAgo } from '../../format/units.js';

export const reachability: Rule = ({ observations, now }) =>
  (['a', 'b'] as const).flatMap((id) => {
    const o = observations[id];
    if (o.reachable) return [];
    const last = o.lastGood ? `last good data ${formatAgo(o.lastGood.collectedAt, now)}` : 'no data yet';
    return [{ level: 'unreachable' as const, code: 'node-unreachable', node: id, message: `${o.name} unreachable: ${o.reason}; ${last}` }];
  });
