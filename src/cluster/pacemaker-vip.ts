// Which Pacemaker resource carries the VIP, from what crm_mon shows: the one the cluster file names
// (components.pacemaker.resource), or else the one resource with an address agent (IPaddr2,
// IPaddr). crm_mon does not show a resource's address, so two address resources are ambiguous.
import type { PacemakerResource, PacemakerStatus } from './facts/pacemaker.js';

const ADDRESS_AGENT = /:IPaddr2?$/;

export type VipResource = { resource: PacemakerResource } | { resource: null; why: string };

export function pacemakerVipResource(status: PacemakerStatus, named: string | undefined): VipResource {
  if (named) {
    const r = status.resources.find((x) => x.id === named);
    return r ? { resource: r } : { resource: null, why: `no resource ${named} (components.pacemaker.resource) in crm_mon` };
  }
  const addr = status.resources.filter((x) => ADDRESS_AGENT.test(x.agent));
  if (addr.length === 1) return { resource: addr[0]! };
  if (addr.length === 0) return { resource: null, why: 'no IPaddr2 resource in crm_mon' };
  return {
    resource: null,
    why: `${addr.map((r) => r.id).join(', ')} all carry an address: name the VIP's in components.pacemaker.resource`,
  };
}
