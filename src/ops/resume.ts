// Resuming a run that did not end (hapilot died, the jump host dropped): read its journal back,
// refuse if the procedure's definition changed since, and hand the engine where each step stands.
// A step that was started and never ended is 'unknown': the engine re-verifies it, never assumes it.
import { hostname } from 'node:os';
import type { NodeId } from '../cluster/facts.js';
import { listRuns, readRun, type RunSummary, type StampedEntry, type StepStatus } from './journal.js';
import type { LoadedProcedure } from './load-procedures.js';
import type { ResumeState } from './engine.js';
import { OperatorError } from '../operator-error.js';
import { clusterSnapshot, snapshotDifferences, type ClusterSnapshot } from './cluster-snapshot.js';
import type { PreparedRun } from './launcher.js';

export class ResumeError extends OperatorError {
  override name = 'ResumeError';
}

export interface ResumablePoint {
  state: ResumeState;
  roles: { primary: NodeId; standby: NodeId; basis: string };
  /** First step that is not done or skipped. */
  nextStep: string | null;
  /** For a run that ended incomplete: the cluster as it left it. */
  lastObserved?: ClusterSnapshot;
}

export function resumePoint(entries: StampedEntry[], loaded: LoadedProcedure): ResumablePoint {
  const start = entries.find((e) => e.type === 'run-start');
  if (start?.type !== 'run-start') throw new ResumeError('the journal has no run-start entry');
  // A run that ended incomplete (a declined gate, Ctrl-C, a manual step not done) can go on; one
  // that succeeded or failed cannot. Only the last entry tells: a resume appends after an end.
  const last = entries.at(-1);
  if (last?.type === 'run-end' && last.outcome !== 'incomplete')
    throw new ResumeError(`run ${start.runId} has ended (${last.outcome}); nothing to resume`);
  const observed = last?.type === 'run-end' ? entries.findLast((e) => e.type === 'observed') : undefined;
  if (start.procedure !== loaded.procedure.name)
    throw new ResumeError(`run ${start.runId} ran ${start.procedure}, not ${loaded.procedure.name}`);
  if (start.definitionHash !== loaded.hash) {
    throw new ResumeError(
      `the definition of ${start.procedure} changed since run ${start.runId} started (${start.definitionHash.slice(0, 12)} then, ${loaded.hash.slice(0, 12)} now): ` +
        'resuming could run steps that were never planned. Finish by hand, or start a new run.',
    );
  }
  const statuses: Record<string, StepStatus> = {};
  const vars: Record<string, string> = {};
  const paused = new Map<string, { name: string; node: NodeId }>();
  const idOf = (name: string): NodeId => (start.roles.primary === name ? start.roles.primaryId : start.roles.standbyId);
  for (const e of entries) {
    if (e.type === 'step-start' && !e.rollback) statuses[e.stepId] = 'running';
    if (e.type === 'step-end' && !e.rollback) {
      // A step on several nodes ends per node, then once as a whole: only the whole says done.
      if (e.node === undefined || e.status !== 'done') statuses[e.stepId] = e.status;
    }
    if (e.type === 'var') vars[e.name] = e.value;
    if (e.type === 'automation') {
      const key = `${e.name}@${e.node}`;
      if (e.action === 'paused' || e.action === 'adopted' || e.action === 'failed') paused.set(key, { name: e.name, node: idOf(e.node) });
      if (e.action === 'resumed') paused.delete(key);
    }
  }
  for (const [id, s] of Object.entries(statuses)) {
    // Started and never ended: it may have run, or not.
    if (s === 'running') statuses[id] = 'unknown';
    // Failed steps are tried again on resume, after their preconditions are checked again.
    if (s === 'failed') statuses[id] = 'pending';
  }
  // A step the plan itself skipped (a component the cluster lacks) never ends in the journal: the
  // run-start's plan says so, and it is no place to resume at.
  const planSkipped = new Set(start.plan.filter((p) => p.condition?.startsWith('skipped')).map((p) => p.stepId));
  const next = loaded.procedure.steps.find((s) => statuses[s.id] !== 'done' && statuses[s.id] !== 'skipped' && !planSkipped.has(s.id));
  return {
    state: { runId: start.runId, vars, statuses, paused: [...paused.values()] },
    roles: { primary: start.roles.primaryId, standby: start.roles.standbyId, basis: `resumed run ${start.runId}: ${start.roles.basis}` },
    nextStep: next?.id ?? null,
    ...(observed?.type === 'observed' ? { lastObserved: observed.facts } : {}),
  };
}

/**
 * An incomplete run is resumed only into the cluster it left: refused, saying what differs, when
 * a fresh look does not match what the run journaled as it ended (another run, a person, a
 * failure changed it since). A run that was killed has no such look: its steps' own checks decide.
 */
export function checkUnchanged(point: ResumablePoint, runId: string, now: ClusterSnapshot): void {
  if (!point.lastObserved) return;
  const diff = snapshotDifferences(point.lastObserved, now);
  if (diff.length)
    throw new ResumeError(
      `run ${runId} ended incomplete and the cluster changed since: ${diff.join('; ')}. Start a new run (it plans from the cluster as it is now).`,
    );
}

/** checkUnchanged against the look a resumed run was just planned from (the CLI's and the wizard's resume). */
export function checkPlannedUnchanged(point: ResumablePoint, runId: string, prepared: Pick<PreparedRun, 'look' | 'plan'>): void {
  const names = { a: prepared.plan.nodes.a.name, b: prepared.plan.nodes.b.name };
  checkUnchanged(point, runId, clusterSnapshot(prepared.look, names));
}

/** Runs of this cluster that never ended and whose hapilot process is gone. */
export function unfinishedRuns(cluster: string, dir?: string): RunSummary[] {
  return listRuns(dir, cluster).filter((r) => r.outcome === 'unfinished' && !processAlive(r));
}

/**
 * What --resume may pick, newest first: unfinished runs, and runs that ended incomplete after
 * which no other run of the cluster started (a later run planned from a cluster the earlier
 * one never saw). An incomplete run never blocks a new one: it released its lock.
 */
export function resumableRuns(cluster: string, dir?: string): RunSummary[] {
  const all = listRuns(dir, cluster);
  return all.filter(
    (r) =>
      (r.outcome === 'unfinished' && !processAlive(r)) ||
      (r.outcome === 'incomplete' && !all.some((o) => o.runId !== r.runId && r.endedAt !== null && o.startedAt > r.endedAt)),
  );
}

function processAlive(r: RunSummary): boolean {
  const start = readRun(r.file).find((e) => e.type === 'run-start');
  if (start?.type !== 'run-start') return false;
  // Only a process on this machine can be checked; elsewhere, assume it may still run.
  if (start.operator.host !== hostname()) return true;
  try {
    process.kill(start.operator.pid, 0);
    return start.operator.pid !== process.pid;
  } catch {
    return false;
  }
}

export interface OrphanedPause {
  runId: string;
  name: string;
  node: NodeId;
}

/**
 * Automation that runs which are gone (killed, never resumed) paused and never restored: a later
 * run on the cluster adopts it and restores it when it ends, so nobody has to remember.
 */
export function pausedByGoneRuns(cluster: string, dir?: string): OrphanedPause[] {
  const out: OrphanedPause[] = [];
  for (const r of unfinishedRuns(cluster, dir)) {
    const entries = readRun(r.file);
    const start = entries.find((e) => e.type === 'run-start');
    if (start?.type !== 'run-start') continue;
    const idOf = (name: string): NodeId => (start.roles.primary === name ? start.roles.primaryId : start.roles.standbyId);
    const paused = new Map<string, OrphanedPause>();
    for (const e of entries) {
      if (e.type !== 'automation') continue;
      const key = `${e.name}@${e.node}`;
      if (e.action === 'paused' || e.action === 'adopted' || e.action === 'failed')
        paused.set(key, { runId: r.runId, name: e.name, node: idOf(e.node) });
      if (e.action === 'resumed') paused.delete(key);
    }
    out.push(...paused.values());
  }
  return out;
}
