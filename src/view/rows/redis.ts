// Redis: a master with its replicas and their lag, or a replica with its link.
import { formatBytes } from '../../format/units.js';
import { plural } from '../../format/text.js';
import { defineRows } from '../component.js';
import { row } from '../row.js';

export const redis = defineRows({
  facts: 'redis',
  settings: (def) => def.components.redis,
  rows: (r) => {
    if (!r.known) return [row('redis', 'Redis', `down or unknown: ${r.reason}`, 'bad')];
    const v = r.value;
    if (v.role === 'master') {
      const lag = v.replicas.length ? ` · lag ${v.replicas.map((x) => formatBytes(x.lagBytes)).join(', ')}` : '';
      return [row('redis', 'Redis', `master · ${plural(v.connectedReplicas, 'replica')}${lag}`, v.connectedReplicas > 0 ? 'ok' : 'warn')];
    }
    const up = v.masterLinkStatus === 'up';
    return [row('redis', 'Redis', `replica of ${v.masterHost}:${v.masterPort} · link ${v.masterLinkStatus ?? '?'}`, up ? 'ok' : 'bad')];
  },
});
