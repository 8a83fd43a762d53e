// Shared by the procedure tests: proving zero loss, reading a run's journal, putting the lab
// back to its original layout when a test left it elsewhere.
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, eventually } from '../../support/lab.js';
import { statusJson } from '../../support/hapilot.js';
import type { VipWriter } from '../../support/writer.js';
import { listRuns, readRun, type StampedEntry } from '../../../src/ops/journal.js';

export const IP = { a: LAB.ip.a, b: LAB.ip.b } as const;

/**
 * Every row the server confirmed is on the new primary, and reaches the new standby. Rows whose
 * answer never came back (the connection broke mid-commit) may be there or not: they are not
 * counted either way.
 */
export async function assertZeroLoss(
  writer: VipWriter,
  primary: 'a' | 'b',
  standby: 'a' | 'b',
): Promise<{ committed: number; unknown: number }> {
  // A writer still running confirms rows during the query: judge only those confirmed before it.
  const confirmed = [...writer.committed];
  assert.ok(confirmed.length > 20, `the writer committed only ${confirmed.length} rows`);
  const onPrimary = await writer.rowsOn(IP[primary]);
  const lostOnPrimary = confirmed.filter((n) => !onPrimary.has(n));
  assert.deepEqual(lostOnPrimary, [], `committed rows missing on the new primary ${primary}`);
  await eventually(
    async () => {
      const onStandby = await writer.rowsOn(IP[standby]);
      return confirmed.every((n) => onStandby.has(n));
    },
    `every committed row replicated to the new standby ${standby}`,
    30_000,
  );
  return { committed: confirmed.length, unknown: writer.unknown.length };
}

export function onlyRun(journalDir: string): { entries: StampedEntry[]; file: string } {
  const runs = listRuns(journalDir);
  assert.equal(runs.length, 1, `expected one run in ${journalDir}, found ${runs.length}`);
  return { entries: readRun(runs[0]!.file), file: runs[0]!.file };
}

/** The journal tells the full story: planned steps, each one started and ended, the ending. */
export function assertFullStory(entries: StampedEntry[], outcome: 'succeeded' | 'failed' | 'incomplete') {
  const start = entries[0];
  assert.ok(start && start.type === 'run-start', 'the journal opens with run-start');
  assert.ok(start.type === 'run-start' && start.plan.length > 0 && start.definitionHash.length === 64);
  assert.ok(entries.some((e) => e.type === 'preflight' && e.ok));
  assert.ok(entries.some((e) => e.type === 'lock' && e.action === 'acquired'));
  assert.ok(entries.some((e) => e.type === 'lock' && e.action === 'released'));
  const end = entries.at(-1)!;
  assert.equal(end.type, 'run-end');
  assert.equal(end.type === 'run-end' && end.outcome, outcome);
  if (outcome === 'succeeded' && start.type === 'run-start') {
    const ended = new Set(
      entries.filter((e) => e.type === 'step-end' && e.node === undefined).map((e) => (e as { stepId: string }).stepId),
    );
    const started = new Set(entries.filter((e) => e.type === 'step-start').map((e) => (e as { stepId: string }).stepId));
    for (const s of start.plan) {
      // A step the plan itself skips (a component or service the cluster lacks) says so in the
      // plan, and never starts.
      if (s.condition?.startsWith('skipped')) assert.ok(!started.has(s.stepId), `step ${s.stepId}, skipped in the plan, never starts`);
      else assert.ok(ended.has(s.stepId), `step ${s.stepId} has its end in the journal`);
    }
    const run = entries.filter((e) => e.type === 'step-start' && e.command);
    assert.ok(run.length > 5, 'resolved commands are journaled');
  }
}

/** A: primary and healthy, as the lab starts. */
export async function nominal(): Promise<boolean> {
  try {
    const s = await statusJson();
    return s.verdict === 'healthy' && s.roles.primary === 'a';
  } catch {
    return false;
  }
}

/** Put the lab back as it starts when a test left it elsewhere (rebuild: about 20 s). */
export async function ensureNominal(): Promise<void> {
  if (await nominal()) return;
  const lab = path.join(REPO, 'lab/lab.sh');
  await execa('bash', [lab, 'down'], { reject: false });
  await execa('bash', [lab, 'up'], { timeout: 180_000 });
  await eventually(nominal, 'the rebuilt lab to be healthy with A primary', 30_000);
}

/**
 * After a failover to B with the writer still running: writes go through the VIP again, and every
 * row confirmed before B is read is on B (a row confirmed during the read would look lost).
 */
export async function assertWritesResumeOnB(writer: VipWriter): Promise<void> {
  await eventually(async () => writer.commitTimes.at(-1)! > Date.now() - 2000, 'writes to succeed again through the VIP', 30_000);
  const confirmed = [...writer.committed];
  const onB = await writer.rowsOn(IP.b);
  assert.deepEqual(
    confirmed.filter((n) => !onB.has(n)),
    [],
    'every committed row is on the new primary B',
  );
}
