// How this run moves the VIP, decided once when the plan is made, from what the site look found on
// both nodes and what the cluster file says (vip.manager). Pure: the facts in, a VipMove or a
// VipMoveRefused out, so every branch is tested without a node.
//   - no VIP in the cluster file, or manager none: nothing moves it, and the plan says so;
//   - command: the site's own commands (release on the old holder, then take on the new one);
//   - keepalived (found running on both nodes, or named): keepalived.ts decides the way from the
//     configurations (release file, a script that follows the role, priorities swapped, restart);
//   - Pacemaker (crm_mon answers on a node, or named): pacemaker.ts moves the resource that carries
//     the VIP with crm_resource.
// auto with both found, or nothing found that holds the VIP is refused: moving the database without the VIP
// leaves every client writing to a standby.
import type { NodeId } from '../../cluster/facts.js';
import type { Fact } from '../../cluster/facts.js';
import type { VipManagerSchema } from '../../config/components/vip.js';
import type { KeepalivedSiteFacts } from '../../probes/parse/keepalived-files.js';
import { argvToShell } from '../../transport/quote.js';
import type { z } from 'zod';
import { keepalivedMove } from './keepalived.js';
import { pacemakerMove } from './pacemaker.js';
import type { PacemakerFacts } from '../../probes/parse/pacemaker.js';
import { VipMoveRefused, type VipMove, type VipNodeView } from './types.js';

export type VipManagerChoice = z.infer<typeof VipManagerSchema>;

export interface VipDecisionNode extends VipNodeView {
  /** What the site look found (undefined: the node did not answer). */
  keepalived: Fact<KeepalivedSiteFacts> | undefined;
  pacemaker: Fact<PacemakerFacts> | undefined;
}

export interface VipDecisionInput {
  /** The cluster file's VIP (undefined: the cluster has none). */
  vip: { address: string; manager: VipManagerChoice } | undefined;
  /** The node that holds the VIP now (the primary) and the one that is to hold it. */
  from: VipDecisionNode;
  to: VipDecisionNode;
  /** Names the backups a change to a node's file leaves (unique per plan). */
  stamp: string;
}

export function decideVipMove(input: VipDecisionInput): VipMove {
  const { vip, from, to } = input;
  if (!vip) return none('the cluster file names no VIP');
  const choice = vip.manager;
  switch (choice.use) {
    case 'none':
      return none('vip.manager is none in the cluster file: procedures leave the VIP alone');
    case 'command':
      return siteCommand(choice, from, to);
    case 'pacemaker':
      return pacemaker(vip.address, from, to, choice.resource, 'vip.manager is pacemaker in the cluster file');
    case 'keepalived':
      return keepalived(vip.address, from, to, input.stamp, 'vip.manager is keepalived in the cluster file');
    case 'auto': {
      // Running, not installed: the packages of both are often there, only one runs.
      const found = [from, to].filter((n) => n.keepalived?.known && n.keepalived.value.running);
      const pcmk = [from, to].filter((n) => n.pacemaker?.known);
      if (found.length > 0 && pcmk.length > 0) {
        throw new VipMoveRefused(
          `both keepalived (on ${names(found)}) and Pacemaker (on ${names(pcmk)}) run: name the one that holds the VIP in the cluster file (vip.manager use: keepalived or pacemaker)`,
        );
      }
      if (pcmk.length > 0) return pacemaker(vip.address, from, to, choice.resource, `Pacemaker answers on ${names(pcmk)}`);
      if (found.length === 0) {
        const why = [from, to].map((n) => `${n.name}: ${whatRuns(n)}`).join('; ');
        throw new VipMoveRefused(
          `nothing found that moves the VIP ${vip.address} (${why}): name it in the cluster file (vip.manager use: keepalived, pacemaker, command or none)`,
        );
      }
      return keepalived(vip.address, from, to, input.stamp, `keepalived runs on ${names(found)}`);
    }
    default: {
      const never: never = choice.use;
      throw new Error(`unknown vip.manager ${String(never)}`);
    }
  }
}

const names = (list: VipDecisionNode[]) => list.map((n) => n.name).join(' and ');

/** What the site look said about the VIP managers of a node, for a refusal. */
function whatRuns(n: VipDecisionNode): string {
  if (n.keepalived === undefined) return 'did not answer';
  const k = n.keepalived.known
    ? n.keepalived.value.running
      ? 'keepalived runs'
      : 'keepalived does not run'
    : `keepalived: ${n.keepalived.reason}`;
  const p =
    n.pacemaker === undefined ? 'Pacemaker not looked at' : n.pacemaker.known ? 'Pacemaker answers' : `Pacemaker: ${n.pacemaker.reason}`;
  return `${k}, ${p}`;
}

function none(why: string): VipMove {
  return { manager: 'none', method: 'none', why, commands: [], after: [], rollback: [] };
}

function siteCommand(choice: VipManagerChoice, from: VipNodeView, to: VipNodeView): VipMove {
  const commands: { node: NodeId; text: string }[] = [];
  if (choice.release) commands.push({ node: from.id, text: argvToShell(choice.release) });
  commands.push({ node: to.id, text: argvToShell(choice.take!) });
  return {
    manager: 'command',
    method: 'site-command',
    why: `the cluster file gives the site's command${choice.release ? `s (release on ${from.name}, then take on ${to.name})` : ` (take, on ${to.name})`}`,
    commands,
    after: [],
    rollback: [],
  };
}

function pacemaker(address: string, from: VipDecisionNode, to: VipDecisionNode, resource: string | undefined, found: string): VipMove {
  const p = to.pacemaker;
  if (p === undefined) throw new VipMoveRefused(`${to.name} did not answer: Pacemaker's state there is not known`);
  if (!p.known) throw new VipMoveRefused(`Pacemaker on ${to.name}: ${p.reason}`);
  const fromFacts = from.pacemaker?.known ? from.pacemaker.value : { ...p.value, localNode: null };
  const move = pacemakerMove(address, { ...from, pacemaker: fromFacts }, { ...to, pacemaker: p.value }, resource);
  return { ...move, why: `${found}; ${move.why}` };
}

function keepalived(address: string, from: VipDecisionNode, to: VipDecisionNode, stamp: string, found: string): VipMove {
  const view = (n: VipDecisionNode) => {
    const k = n.keepalived;
    if (k === undefined) throw new VipMoveRefused(`${n.name} did not answer: its keepalived configuration is not known`);
    if (!k.known) throw new VipMoveRefused(`keepalived on ${n.name}: ${k.reason}`);
    return { ...n, keepalived: k.value };
  };
  const move = keepalivedMove(address, view(from), view(to), stamp);
  return { ...move, why: `${found}; ${move.why}` };
}
