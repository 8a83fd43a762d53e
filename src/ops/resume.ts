// Resuming a run that did not end (hapilot died, the jump host dropped): read its journal back,
// refuse if the procedure's definition changed since, and hand the engine where each step stands.
// A step that was started and never ended is 'unknown': the engine re-verifies it, never assumes it.
import { hostname } from 'node:os';
import type { NodeId } from '../cluster/facts.js';
import { listRuns, readRun, type RunSummary, type StampedEntry, type StepStatus } from './journal.js';
import type { LoadedProcedure } from './load-procedures.js';
import type { ResumeState } from './engine.js';
import { OperatorError } from '../operator-error.js';

export class ResumeError extends OperatorError {
  override name = 'ResumeError';
}

export interface ResumablePoint {
  state: ResumeState;
  roles: { primary: NodeId; standby: NodeId; basis: string };
  /** First step that is not done or skipped. */
  nextStep: string | null;
}

export function resumePoint(entries: StampedEntry[], loaded: LoadedProcedure): ResumablePoint {
  const start = entries.find((e) => e.type === 'run-start');
  if (start?.type !== 'run-start') throw new ResumeError('the journal has no run-start entry');
  if (entries.some((e) => e.type === 'run-end')) throw new ResumeError(`run ${start.runId} has ended; nothing to resume`);
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
      if (e.action === 'paused' || e.action === 'failed') paused.set(key, { name: e.name, node: idOf(e.node) });
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
  };
}

/** Runs of this cluster that never ended and whose hapilot process is gone. */
export function unfinishedRuns(cluster: string, dir?: string): RunSummary[] {
  return listRuns(dir, cluster).filter((r) => r.outcome === 'unfinished' && !processAlive(r));
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
