// Failover, rejoin and takeover on the real lab, writes through the VIP throughout:
// 1. node A loses power: failover with the operator confirming the fence (A does not answer),
//    A comes back as a second primary (split brain, seen as such), rejoin makes it B's standby,
//    takeover returns to A primary;
// 2. PostgreSQL crashes on A while A answers: failover fences it itself, then rejoin and takeover.
// With synchronous commit in the lab, every commit the client was told about survives.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, eventually, inNode, requireLab } from '../../support/lab.js';
import { hapilot, statusJson, tempJournalDir } from '../../support/hapilot.js';
import { VipWriter } from '../../support/writer.js';
import { assertFullStory, assertWritesResumeOnB, assertZeroLoss, ensureNominal, onlyRun } from './helpers.js';

const labSh = path.join(REPO, 'lab/lab.sh');
const both = ['--confirm', 'lab-a', '--confirm', 'lab-b'];

before(requireLab);
// Each test starts from the original layout, even when the one before failed half-way.
beforeEach(ensureNominal);
after(ensureNominal);

async function run(args: string[], journal = tempJournalDir()) {
  const r = await hapilot(['run', ...args, '-c', LAB.clusterFile], { journalDir: journal });
  return { ...r, journal };
}

async function rejoinAndTakeBack(writer: VipWriter): Promise<void> {
  const rejoin = await run(['rejoin', '--standby', 'a', ...both]);
  assert.equal(rejoin.exitCode, 0, rejoin.stdout + rejoin.stderr);
  assert.match(rejoin.stdout, /choose-method|Choose pg_rewind/);
  const method = onlyRun(rejoin.journal).entries.find((e) => e.type === 'var' && e.name === 'method');
  assert.ok(method && method.type === 'var' && ['rewind', 'basebackup'].includes(method.value), 'the method chosen is journaled');
  assertFullStory(onlyRun(rejoin.journal).entries, 'succeeded');
  await assertZeroLoss(writer, 'b', 'a');
  const mid = await statusJson();
  assert.equal(mid.verdict, 'healthy', JSON.stringify(mid.findings));
  assert.equal(mid.roles.primary, 'b');

  const back = await run(['takeover', ...both]);
  assert.equal(back.exitCode, 0, back.stdout + back.stderr);
  await new Promise((r) => setTimeout(r, 1000));
  await writer.stop();
  await assertZeroLoss(writer, 'a', 'b');
  const end = await statusJson();
  assert.equal(end.verdict, 'healthy', JSON.stringify(end.findings));
  assert.equal(end.roles.primary, 'a');
  process.stdout.write(
    `# rejoin chose ${method.type === 'var' ? method.value : '?'}; ${writer.committed.length} committed rows all on both nodes; longest write outage ${writer.longestGapMs()} ms\n`,
  );
}

test('A loses power: failover with a confirmed fence, A back as a second primary, rejoin, takeover; zero loss', async () => {
  const writer = new VipWriter('failover-power');
  writer.start();
  try {
    await powerLoss(writer);
  } finally {
    await writer.stop();
  }
});

async function powerLoss(writer: VipWriter): Promise<void> {
  await new Promise((r) => setTimeout(r, 1000));
  await execa('bash', [labSh, 'stop-node', 'a']);
  await eventually(async () => !(await statusJson()).nodes.a.reachable, 'A to be seen unreachable', 30_000);

  const unattended = await run(['failover', '--confirm', 'lab-b']);
  assert.equal(unattended.exitCode, 3, 'without --ack the manual fence step stops the run');
  assert.match(unattended.stdout, /stopped at the manual step fence-confirm/);

  const failover = await run(['failover', '--confirm', 'lab-b', '--ack', 'fence-confirm']);
  assert.equal(failover.exitCode, 0, failover.stdout + failover.stderr);
  const f = onlyRun(failover.journal).entries;
  assertFullStory(f, 'succeeded');
  assert.ok(f.some((e) => e.type === 'step-end' && e.stepId === 'fence-postgres' && e.status === 'skipped'));
  assert.ok(f.some((e) => e.type === 'decision' && e.stepId === 'fence-confirm' && e.answer === 'done' && e.by === 'script'));
  await assertWritesResumeOnB(writer);
  const afterFailover = await statusJson();
  assert.equal(afterFailover.roles.primary, 'b');
  assert.equal(afterFailover.verdict, 'unreachable');

  // A boots again with its PostgreSQL still a primary: hapilot calls it split brain.
  await execa('bash', [labSh, 'start-node', 'a']);
  const split = await eventually(
    async () => {
      const s = await statusJson();
      return s.splitBrain ? s : false;
    },
    'split brain to be reported',
    30_000,
  );
  assert.equal(split.verdict, 'critical');
  assert.ok(split.findings.some((x) => x.code === 'split-brain-postgres'));

  await rejoinAndTakeBack(writer);
}

test('PostgreSQL crashes on A while A answers: failover fences it, rejoin, takeover; zero loss', async () => {
  const writer = new VipWriter('failover-crash');
  writer.start();
  try {
    await postgresCrash(writer);
  } finally {
    await writer.stop();
  }
});

async function postgresCrash(writer: VipWriter): Promise<void> {
  await new Promise((r) => setTimeout(r, 1000));
  await inNode('a', 'kill -KILL $(head -1 /var/lib/postgresql/15/main/postmaster.pid)');
  await eventually(
    async () => {
      const s = await statusJson();
      return s.findings.some((x) => x.code === 'no-primary');
    },
    'no primary to be reported',
    30_000,
  );

  const failover = await run(['failover', ...both]);
  assert.equal(failover.exitCode, 0, failover.stdout + failover.stderr);
  const f = onlyRun(failover.journal).entries;
  assert.ok(f.some((e) => e.type === 'step-end' && e.stepId === 'fence-postgres' && e.status === 'done' && e.node === undefined));
  assert.ok(f.some((e) => e.type === 'step-end' && e.stepId === 'fence-confirm' && e.status === 'skipped'));
  assert.equal((await inNode('a', 'test -e /var/lib/postgresql/15/main/standby.signal && echo fenced')).stdout.trim(), 'fenced');
  assert.equal((await inNode('a', 'cat /etc/rapidpro.status')).stdout.trim(), 'failure');
  await eventually(async () => writer.commitTimes.at(-1)! > Date.now() - 2000, 'writes to succeed again through the VIP', 30_000);

  await rejoinAndTakeBack(writer);
}
