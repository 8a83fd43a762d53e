// The checks before the first change, shared by a real run and --dry-run: the nodes the
// procedure needs answer, its own preconditions hold, no other run holds the lock, and the state
// of every automation interlock is known (those found active will be paused).
import type { NodeId } from '../cluster/facts.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { CommandRunner, ExecResult, RemoteCommand } from '../transport/types.js';
import { activeCommand, interlockTargets, stateFromExit, type InterlockTarget } from './interlocks.js';
import { describeHolder, LOCK_FILE, parseLock, readCommand } from './lock.js';
import { firstLine } from '../format/text.js';
import { evaluate, type Observation, type PredicateContext, type PredicateResult } from './predicates.js';
import type { Predicate, Procedure } from './procedure-schema.js';

export interface PreflightInput {
  def: ClusterDefinition;
  procedure: Procedure;
  runners: Partial<Record<NodeId, CommandRunner>>;
  observation: Observation;
  predicates: PredicateContext;
  /** This run's id: its own lock (when resuming) does not count as another run's. */
  runId: string | null;
  /** Interlocks this run already paused (resuming): not asked again. */
  alreadyPaused: { name: string; node: NodeId }[];
  /**
   * A resumed run: the procedure's own preflight described the cluster before its first change
   * and no longer holds half-way (the standby may already be primary). Each step's preconditions
   * are what a resumed run re-checks instead.
   */
  resuming?: boolean;
  lockFile?: string;
}

export interface PreflightResult {
  ok: boolean;
  results: PredicateResult[];
  /** Nodes that answered: the lock is taken on these. */
  reachable: NodeId[];
  /** Interlocks found active, to pause at the start. */
  toPause: InterlockTarget[];
  /** Interlocks found not running (a procedure may start them at the end). */
  inactive: InterlockTarget[];
}

export async function runPreflight(input: PreflightInput): Promise<PreflightResult> {
  const { def, procedure, observation: obs, predicates } = input;
  const name = (id: NodeId) => predicates.nodes[id].name;
  const exec = (id: NodeId, cmd: RemoteCommand): Promise<ExecResult | Error> => {
    const r = input.runners[id];
    return r ? r.exec(cmd, { timeoutMs: 15_000 }).catch((e: Error) => e) : Promise.resolve(new Error(`no connection to ${name(id)}`));
  };
  const results: PredicateResult[] = [];
  const need: Predicate[] = procedure.needs === 'both' ? ['both-reachable'] : [{ is: 'reachable', node: 'standby' }];
  for (const p of [...need, ...(input.resuming ? [] : procedure.preflight)]) results.push(evaluate(p, obs, predicates));

  const reachable = (['a', 'b'] as const).filter((id) => obs.facts[id] && input.runners[id]);
  for (const id of reachable) {
    const label = `no other run holds the lock on ${name(id)}`;
    const r = await exec(id, readCommand(input.lockFile));
    if (r instanceof Error) {
      results.push({ ok: false, label, detail: r.message });
      continue;
    }
    if (r.exitCode !== 0) {
      // A lock file that is there and cannot be read may be someone's lock: never read as free.
      results.push({
        ok: false,
        label,
        detail: `cannot read ${input.lockFile ?? LOCK_FILE}: ${firstLine(r.stderr) || `exit ${r.exitCode}`}`,
      });
      continue;
    }
    const text = r.stdout.trim();
    const holder = parseLock(text);
    if (!text) results.push({ ok: true, label, detail: 'no lock' });
    else if (!holder)
      results.push({ ok: false, label, detail: `${input.lockFile ?? LOCK_FILE} holds something else: ${text.slice(0, 200)}` });
    else if (holder.runId === input.runId) results.push({ ok: true, label, detail: 'held by this run' });
    else results.push({ ok: false, label, detail: `held: ${describeHolder(holder)}` });
  }

  const toPause: InterlockTarget[] = [];
  const inactive: InterlockTarget[] = [];
  for (const t of interlockTargets(def, reachable)) {
    const label = `automation ${t.interlock.name} on ${name(t.node)}: state known`;
    if (input.alreadyPaused.some((p) => p.name === t.interlock.name && p.node === t.node)) {
      results.push({ ok: true, label, detail: 'paused by this run' });
      continue;
    }
    const r = await exec(t.node, activeCommand(t.interlock));
    const state = r instanceof Error ? 'unknown' : stateFromExit(r.exitCode);
    results.push({ ok: state !== 'unknown', label, detail: r instanceof Error ? r.message : `${state} (exit ${r.exitCode})` });
    if (state === 'active') toPause.push(t);
    if (state === 'inactive') inactive.push(t);
  }
  return { ok: results.every((r) => r.ok), results, reachable, toPause, inactive };
}
