// Pacemaker (components.pacemaker): what crm_mon shows that an operator must know before moving
// anything. A failed action stays in Pacemaker's memory and keeps a resource away from that node
// (after migration-threshold failures) until a cleanup; a node in standby cannot take the VIP
// resource; a node in maintenance has its resources left unmanaged, so Pacemaker neither moves nor
// restarts them. Both nodes report the same cluster, so each finding is said once.
import type { NodeId } from '../facts.js';
import { pacemakerVipResource } from '../pacemaker-vip.js';
import type { Finding, Rule } from '../assessment.js';

export const pacemaker: Rule = (ctx) => {
  const settings = ctx.def.components.pacemaker;
  if (!settings) return [];
  const out: Finding[] = [];
  const said = new Set<string>();
  const say = (f: Finding) => {
    if (said.has(f.message)) return;
    said.add(f.message);
    out.push(f);
  };
  for (const f of [ctx.facts.a, ctx.facts.b]) {
    const p = f?.pacemaker;
    if (!f || !p) continue;
    if (!p.known) {
      out.push({ level: 'degraded', code: 'pacemaker-unknown', node: f.node, message: `Pacemaker on ${f.name}: unknown (${p.reason})` });
      continue;
    }
    // Pacemaker's node names are usually hapilot's (uname -n); when one matches, the finding is about it.
    const nodeOf = (name: string): NodeId | undefined =>
      [ctx.facts.a, ctx.facts.b].find((x) => x && (x.name === name || (x.host?.known === true && x.host.value.hostname === name)))?.node;
    for (const n of p.value.nodes) {
      const node = nodeOf(n.name);
      if (!n.online) {
        say({ level: 'degraded', code: 'pacemaker-node-offline', node, message: `Pacemaker sees ${n.name} offline (from ${f.name})` });
      }
      if (n.standby) {
        say({
          level: 'degraded',
          code: 'pacemaker-node-standby',
          node,
          message: `Pacemaker node ${n.name} is in standby: it runs no resource and cannot take the VIP`,
          advice: `When it should serve again: crm node online ${n.name} (or pcs node unstandby ${n.name}).`,
        });
      }
      if (n.maintenance) {
        say({
          level: 'degraded',
          code: 'pacemaker-node-maintenance',
          node,
          message: `Pacemaker node ${n.name} is in maintenance: Pacemaker neither moves nor restarts its resources`,
          advice: `When done: crm node ready ${n.name} (or pcs node unmaintenance ${n.name}).`,
        });
      }
    }
    for (const x of p.value.failures) {
      // op_key is RESOURCE_TASK_INTERVAL (vip_monitor_10000); a resource id may hold "_" itself.
      const rsc =
        p.value.resources
          .map((r) => r.id)
          .filter((id) => x.opKey.startsWith(`${id}_`))
          .sort((m, n) => n.length - m.length)[0] ?? 'RESOURCE';
      say({
        level: 'degraded',
        code: 'pacemaker-failed-action',
        node: nodeOf(x.node),
        message: `Pacemaker remembers a failed action: ${x.opKey} on ${x.node} (${x.exitReason || x.status})`,
        advice: `Find why it failed, then clear it: crm resource cleanup ${rsc} (or pcs resource cleanup ${rsc}).`,
      });
    }
    const vip = pacemakerVipResource(p.value, settings.resource);
    if (vip.resource && vip.resource.nodes.length !== 1) {
      say({
        level: 'critical',
        code: 'pacemaker-vip-resource',
        message:
          vip.resource.nodes.length === 0
            ? `Pacemaker's VIP resource ${vip.resource.id} runs nowhere`
            : `Pacemaker's VIP resource ${vip.resource.id} runs on ${vip.resource.nodes.join(' and ')}`,
      });
    } else if (!vip.resource) {
      say({
        level: 'degraded',
        code: 'pacemaker-vip-resource',
        message: `Pacemaker: which resource carries the VIP is not known: ${vip.why}`,
      });
    }
  }
  return out;
};
