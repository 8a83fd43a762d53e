// What the planner decides about the VIP: which manager holds it, how this run moves it, why, and
// the exact commands (per node) for the move, for what follows once the run is done, and for a
// rollback. Decided once at plan time from what the probes found, shown in the plan before any change.
import type { NodeId } from '../../cluster/facts.js';

export type VipManager = 'keepalived' | 'pacemaker' | 'command' | 'none';

export interface NodeCommand {
  node: NodeId;
  /** A shell script, every value in it already quoted. */
  text: string;
}

export interface VipMove {
  manager: VipManager;
  /** How: 'release-file', 'follows-role', 'swap-priorities', 'restart-holder', 'resource-move', 'site-command', 'none'. */
  method: string;
  /** One sentence for the plan: what was found (file:line) and why that way. */
  why: string;
  /** Commands that make the VIP move (may be empty: the manager moves it by itself). */
  commands: NodeCommand[];
  /** Commands once the VIP is on its new holder (make the old holder eligible again, clear a constraint). */
  after: NodeCommand[];
  afterWhy?: string;
  /** Commands that undo `commands` if the run is rolled back before the promotion is kept. */
  rollback: NodeCommand[];
}

/** A node as the VIP planner sees it. */
export interface VipNodeView {
  id: NodeId;
  name: string;
}

/** No safe way to move the VIP: said before any change, with the file, line or fact that decided it. */
export class VipMoveRefused extends Error {
  override name = 'VipMoveRefused';
}
