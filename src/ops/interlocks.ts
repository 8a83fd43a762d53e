// Automation interlocks: things that act on the cluster by themselves (repmgrd, an HA-check cron,
// keepalived priorities) and would fight an operator mid-procedure. Before the first change the
// engine asks each whether it is active, pauses the active ones, and restores exactly those at
// the end, also when the run fails or is aborted.
import type { NodeId } from '../cluster/facts.js';
import type { ClusterDefinition, Interlock } from '../config/schema.js';
import { argvToShell } from '../transport/quote.js';
import type { RemoteCommand } from '../transport/types.js';

export interface InterlockTarget {
  interlock: Interlock;
  node: NodeId;
}

export function interlockTargets(def: ClusterDefinition, reachable: NodeId[]): InterlockTarget[] {
  return def.automation.flatMap((interlock) =>
    (interlock.on === 'both' ? (['a', 'b'] as const) : [interlock.on])
      .filter((n) => reachable.includes(n))
      .map((node) => ({ interlock, node })),
  );
}

/** Reading the state changes nothing, so it travels as a probe. */
export function activeCommand(i: Interlock): RemoteCommand {
  return { kind: 'probe', label: `is ${i.name} active`, text: argvToShell(i.active) };
}

export function pauseCommand(i: Interlock): RemoteCommand {
  return { kind: 'change', label: `pause ${i.name}`, text: argvToShell(i.pause) };
}

export function resumeCommand(i: Interlock): RemoteCommand {
  return { kind: 'change', label: `resume ${i.name}`, text: argvToShell(i.resume) };
}

/** 0 active, 1 inactive, anything else: the state is not known and the procedure must not start. */
export function stateFromExit(code: number | null): 'active' | 'inactive' | 'unknown' {
  return code === 0 ? 'active' : code === 1 ? 'inactive' : 'unknown';
}
