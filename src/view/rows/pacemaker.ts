// Pacemaker as this node sees the cluster: each node's state, where the VIP resource runs, and the
// failed actions Pacemaker remembers (they stay until someone runs a cleanup).
import { pacemakerVipResource } from '../../cluster/pacemaker-vip.js';
import { defineRows } from '../component.js';
import { row, unknownRow, type Row } from '../row.js';

export const pacemaker = defineRows({
  facts: 'pacemaker',
  settings: (def) => def.components.pacemaker,
  rows: (p, settings) => {
    if (!p.known) return [unknownRow('pacemaker', 'Pacemaker', p)];
    const nodes = p.value.nodes.map((n) => {
      const states = [
        n.online ? 'online' : 'OFFLINE',
        ...(n.standby ? ['standby'] : []),
        ...(n.maintenance ? ['maintenance'] : []),
        ...(n.unclean ? ['UNCLEAN'] : []),
      ];
      return { text: `${n.name} ${states.join(' ')}`, bad: !n.online || n.unclean, odd: n.standby || n.maintenance };
    });
    const out: Row[] = [
      row(
        'pacemaker',
        'Pacemaker',
        nodes.map((n) => n.text).join(' · ') || 'no nodes',
        nodes.some((n) => n.bad) ? 'bad' : nodes.some((n) => n.odd) ? 'warn' : 'ok',
      ),
    ];
    const vip = pacemakerVipResource(p.value, settings.resource);
    if (vip.resource) {
      const r = vip.resource;
      const where = r.nodes.length > 0 ? `on ${r.nodes.join(', ')}` : 'not running';
      const flags = [...(r.failed ? ['FAILED'] : []), ...(r.managed ? [] : ['unmanaged'])];
      out.push(
        row(
          'pacemaker.vip',
          '  VIP resource',
          `${r.id} ${where}${flags.length ? ` (${flags.join(', ')})` : ''}`,
          r.failed || r.nodes.length !== 1 ? 'bad' : r.managed ? 'ok' : 'warn',
        ),
      );
    } else out.push(row('pacemaker.vip', '  VIP resource', vip.why, 'warn'));
    for (const [i, f] of p.value.failures.entries()) {
      out.push(row(`pacemaker.failed.${i}`, i === 0 ? '  failed' : '', `${f.opKey} on ${f.node}: ${f.exitReason || f.status}`, 'warn'));
    }
    return out;
  },
});
