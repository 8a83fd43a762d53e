// How to move a VIP that Pacemaker holds, decided from what crm_mon and the CIB said: the resource
// (or its group) that carries the address is moved with Pacemaker's own crm_resource (crmsh's
// `crm resource move` and pcs's `pcs resource move` are front ends to it, and either may be
// missing), to the target node by the name the cluster knows it by (crm_node -n). The move leaves
// a cli-prefer location constraint: once the VIP is there it is cleared, so Pacemaker may move the
// VIP again should that node fail (resource stickiness keeps it where it is meanwhile).
// Refused before any change: no resource or several carry the address, the target node is not
// online and active, the resource is unmanaged or failed.
import type { PacemakerFacts } from '../../probes/parse/pacemaker.js';
import { argvToShell } from '../../transport/quote.js';
import type { VipMove, VipNodeView } from './types.js';
import { VipMoveRefused } from './types.js';

export interface PacemakerView extends VipNodeView {
  pacemaker: PacemakerFacts;
}

/** How long a rollback waits for the cluster to settle after moving the VIP back (seconds). */
const SETTLE_SECONDS = 60;

export function pacemakerMove(vip: string, from: PacemakerView, to: PacemakerView, resourceName?: string): VipMove {
  // The cluster's state is the same seen from either node; the target's view is the one that counts.
  const facts = to.pacemaker;
  const carriers = facts.addresses.filter((r) => r.ip === vip && (!resourceName || r.id === resourceName || r.group === resourceName));
  if (carriers.length === 0) {
    const named = resourceName ? ` named ${resourceName}` : '';
    throw new VipMoveRefused(
      `no Pacemaker resource${named} carries the VIP ${vip} (the CIB has ${facts.addresses.map((a) => `${a.id} ${a.ip}`).join(', ') || 'no address resource'})`,
    );
  }
  if (carriers.length > 1) {
    throw new VipMoveRefused(
      `${carriers.length} Pacemaker resources carry the VIP ${vip} (${carriers.map((c) => c.id).join(', ')}): no safe move; name one in the cluster file (vip.manager.resource)`,
    );
  }
  const carrier = carriers[0]!;
  const rsc = carrier.group ?? carrier.id;
  const state = facts.resources.find((r) => r.id === carrier.id);
  if (!state) throw new VipMoveRefused(`crm_mon does not list the resource ${carrier.id}`);
  if (!state.managed)
    throw new VipMoveRefused(`the resource ${carrier.id} is not managed by Pacemaker (maintenance or unmanaged): it would not move`);
  if (state.failed)
    throw new VipMoveRefused(`the resource ${carrier.id} has failed: clean it up (crm_resource --cleanup) before moving it`);
  const target = to.pacemaker.localNode;
  const source = from.pacemaker.localNode;
  if (!target) throw new VipMoveRefused(`${to.name}'s name in the Pacemaker cluster is not known (crm_node -n said nothing)`);
  const node = facts.nodes.find((n) => n.name === target);
  if (!node)
    throw new VipMoveRefused(
      `${to.name} (${target}) is not a node of the Pacemaker cluster (crm_mon lists ${facts.nodes.map((n) => n.name).join(', ')})`,
    );
  const not = [
    !node.online && 'offline',
    node.standby && 'in standby',
    node.maintenance && 'in maintenance',
    node.unclean && 'unclean',
  ].filter(Boolean);
  if (not.length) throw new VipMoveRefused(`${to.name} (${target}) is ${not.join(' and ')} in Pacemaker: it cannot take the VIP`);

  const move = (n: string) => argvToShell(['crm_resource', '--move', '--resource', rsc, '--node', n]);
  const clear = argvToShell(['crm_resource', '--clear', '--resource', rsc]);
  const where = state.nodes.length ? `runs on ${state.nodes.join(', ')}` : 'runs nowhere';
  return {
    manager: 'pacemaker',
    method: 'resource-move',
    why:
      `Pacemaker's resource ${carrier.id}${carrier.group ? ` (group ${carrier.group})` : ''} carries ${vip} and ${where}: ` +
      `crm_resource --move to ${target}, then the constraint the move leaves is cleared`,
    commands: [{ node: to.id, text: `set -eu\n${move(target)}` }],
    after: [{ node: to.id, text: `set -eu\n${clear}` }],
    afterWhy: `the cli-prefer constraint of the move is cleared, so Pacemaker may move ${rsc} again should ${target} fail`,
    rollback: source
      ? [
          {
            node: to.id,
            text: `set -eu\n${clear}\n${move(source)}\n${argvToShell(['crm_resource', '--wait', '--timeout', `${SETTLE_SECONDS}s`])}\n${clear}`,
          },
        ]
      : [],
  };
}
