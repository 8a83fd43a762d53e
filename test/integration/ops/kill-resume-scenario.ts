// hapilot killed with kill -9 at one step boundary of a switchover or a failover (just after the
// step's start, or just after its end, as the journal shows it), then `--resume` with the same
// --confirm flags, as an operator whose connection died would. Shared by the suite's rotating
// sample (kill-resume.test.ts) and the sweep over every point (bench/kill-resume.ts).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CLI, hapilot, statusJson, tempJournalDir } from '../../support/hapilot.js';
import { LAB, REPO, eventually, inNode } from '../../support/lab.js';
import { VipWriter } from '../../support/writer.js';
import { loadClusterFile } from '../../../src/config/load-cluster.js';
import { prepareRun } from '../../../src/ops/launcher.js';
import { openSession } from '../../../src/transport/session.js';
import { assertFullStory, assertWritesResumeOnB, assertZeroLoss, ensureNominal, onlyRun } from './helpers.js';

export type KillProcedure = 'switchover' | 'failover';
export interface KillPoint {
  procedure: KillProcedure;
  step: string;
  at: 'start' | 'end';
}

export const pointName = (p: KillPoint) => `${p.procedure}:${p.step}:${p.at}`;

export function parsePoint(text: string): KillPoint {
  const [procedure, step, at] = text.split(':');
  if ((procedure !== 'switchover' && procedure !== 'failover') || !step || (at !== 'start' && at !== 'end'))
    throw new Error(`HAPILOT_KILL_POINT is PROCEDURE:STEP:start|end (switchover or failover), not "${text}"`);
  return { procedure, step, at };
}

/**
 * Every boundary the lab's runs pass: the steps that apply to the lab's cluster file. The failover
 * here is the one where PostgreSQL crashed on a primary that still answers, so steps only for an
 * unreachable primary (the manual fence) never run and are left out.
 */
export async function killPoints(): Promise<KillPoint[]> {
  // Planned as `hapilot run --dry-run` plans on the lab: a read-only look at the nodes, the VIP
  // and PostgreSQL commands decided from what they run.
  const cluster = loadClusterFile(LAB.clusterFile);
  const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
  const out: KillPoint[] = [];
  try {
    for (const procedure of ['switchover', 'failover'] as const) {
      const { plan } = await prepareRun(cluster, { a: session.a, b: session.b }, procedure);
      for (const s of plan.steps) {
        if (!s.applies || (s.step.when ?? []).some((w) => 'unreachable' in w)) continue;
        out.push({ procedure, step: s.step.id, at: 'start' }, { procedure, step: s.step.id, at: 'end' });
      }
    }
  } finally {
    await session.close();
  }
  return out;
}

/**
 * The point HAPILOT_KILL_POINT names, else the next one in turn: a counter per lab subnet in the
 * temporary folder (not in the lab's state folder, which a rebuild of the lab deletes), started at
 * the day's number so that CI, on a fresh machine each time, does not always take the first point.
 * The test prints the point: HAPILOT_KILL_POINT runs it again.
 */
export async function pickPoint(): Promise<KillPoint> {
  if (process.env.HAPILOT_KILL_POINT) return parsePoint(process.env.HAPILOT_KILL_POINT);
  const points = await killPoints();
  const counter = path.join(tmpdir(), `hapilot-kill-resume-next-${LAB.ip.a}`);
  const day = Math.floor(Date.now() / 86_400_000);
  const n = existsSync(counter) ? Number(readFileSync(counter, 'utf8').trim()) || day : day;
  writeFileSync(counter, `${n + 1}\n`);
  return points[n % points.length]!;
}

function journalText(dir: string): string {
  const cluster = path.join(dir, 'lab');
  if (!existsSync(cluster)) return '';
  return readdirSync(cluster)
    .map((f) => readFileSync(path.join(cluster, f), 'utf8'))
    .join('');
}

/** The journal line that marks the point: a step's first start, or its end as a whole (no node). */
function marker(p: KillPoint): RegExp {
  return p.at === 'start'
    ? new RegExp(`"type":"step-start","stepId":"${p.step}"`)
    : new RegExp(`"type":"step-end","stepId":"${p.step}","status":"(done|skipped)","detail"`);
}

export interface KillResumeResult {
  point: string;
  killedAfterMs: number;
  resumeMs: number;
  totalMs: number;
  committed: number;
  longestWriteGapMs: number;
  resumeDecisions: string[];
}

const both = ['--confirm', 'lab-a', '--confirm', 'lab-b'];

/**
 * One kill and resume, with writes through the VIP throughout; asserts the resumed run succeeds,
 * the cluster ends healthy with repmgrd running, no committed row is lost; leaves the lab nominal.
 */
export async function killAndResume(p: KillPoint): Promise<KillResumeResult> {
  await ensureNominal();
  const t0 = Date.now();
  const journal = tempJournalDir();
  const writer = new VipWriter(`kill-${p.procedure}`);
  writer.start();
  try {
    await new Promise((r) => setTimeout(r, 1000));
    if (p.procedure === 'failover') {
      await inNode('a', 'kill -KILL $(head -1 /var/lib/postgresql/15/main/postmaster.pid)');
      await eventually(async () => (await statusJson()).findings.some((x) => x.code === 'no-primary'), 'no primary to be reported', 30_000);
    }
    const args = ['run', p.procedure, '-c', LAB.clusterFile, ...both];
    const started = Date.now();
    const child = execa(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: REPO,
      reject: false,
      stdin: 'ignore',
      env: { HAPILOT_JOURNAL_DIR: journal },
    });
    let ended = false;
    void child.then(() => {
      ended = true;
    });
    // Polled every 20 ms: the kill lands within a few tens of ms of the boundary.
    const re = marker(p);
    const deadline = Date.now() + 180_000;
    while (!re.test(journalText(journal))) {
      if (ended) throw new Error(`the run ended before ${pointName(p)}: ${(await child).stdout.slice(-2000)}`);
      if (Date.now() > deadline) throw new Error(`${pointName(p)} never came in the journal`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await child;
    const killedAfterMs = Date.now() - started;

    const r0 = Date.now();
    const resumed = await hapilot(['run', p.procedure, '--resume', '-c', LAB.clusterFile, ...both], { journalDir: journal });
    const resumeMs = Date.now() - r0;
    assert.equal(resumed.exitCode, 0, `${pointName(p)}: ${resumed.stdout.slice(-3000)}${resumed.stderr}`);
    const { entries } = onlyRun(journal);
    assertFullStory(entries, 'succeeded');
    assert.ok(
      entries.some((e) => e.type === 'lock' && e.action === 'taken-over'),
      'the resume took the killed run’s lock over',
    );
    const resumeAt = entries.findIndex((e) => e.type === 'decision' && e.question === 'resume this run');
    const resumeDecisions = entries
      .slice(resumeAt + 1)
      .filter((e) => e.type === 'decision')
      .map((e) => (e.type === 'decision' ? `${e.stepId ?? ''}: ${e.question} -> ${e.answer}` : ''));

    if (p.procedure === 'switchover') {
      await new Promise((r) => setTimeout(r, 1000));
      await writer.stop();
      await assertZeroLoss(writer, 'b', 'a');
      const s = await statusJson();
      assert.equal(s.verdict, 'healthy', JSON.stringify(s.findings));
      assert.equal(s.roles.primary, 'b');
    } else {
      await assertWritesResumeOnB(writer);
      const rejoin = await hapilot(['run', 'rejoin', '--standby', 'a', '-c', LAB.clusterFile, ...both], { journalDir: tempJournalDir() });
      assert.equal(rejoin.exitCode, 0, rejoin.stdout.slice(-3000));
      await writer.stop();
      await assertZeroLoss(writer, 'b', 'a');
    }
    for (const n of ['a', 'b'] as const)
      assert.match((await inNode(n, 'pgrep -x repmgrd || true')).stdout, /^\d+$/m, `repmgrd runs on ${n}`);
    const committed = writer.committed.length;
    const longestWriteGapMs = writer.longestGapMs();

    // Back to the original layout for what comes next.
    const back = await hapilot(['run', 'takeover', '-c', LAB.clusterFile, ...both], { journalDir: tempJournalDir() });
    assert.equal(back.exitCode, 0, back.stdout.slice(-3000));
    const end = await statusJson();
    assert.equal(end.verdict, 'healthy', JSON.stringify(end.findings));
    return { point: pointName(p), killedAfterMs, resumeMs, totalMs: Date.now() - t0, committed, longestWriteGapMs, resumeDecisions };
  } finally {
    await writer.stop();
  }
}
