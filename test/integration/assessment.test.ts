// hapilot's verdicts on the real lab, broken for real: what `hapilot status` says (and exits
// with) when PostgreSQL stops on B, Redis stops on A, B's sshd goes away, and B is promoted while
// A is still primary. Each break is repaired before the next.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, inNode, requireLab, eventually } from '../support/lab.js';
import { hapilot, statusJson, tempJournalDir } from '../support/hapilot.js';
import { ensureNominal } from './ops/helpers.js';

before(async () => {
  requireLab();
  await ensureNominal();
});
after(ensureNominal);

async function status() {
  const r = await hapilot(['status', '--json', '-c', LAB.clusterFile], { timeoutMs: 60_000 });
  const doc = JSON.parse(r.stdout) as { verdict: string; findings: { code: string; level: string; message: string; node?: string }[] };
  return { exitCode: r.exitCode, ...doc, codes: doc.findings.map((f) => f.code).sort() };
}

test('healthy lab: verdict healthy, exit 0, text shows both nodes side by side', async () => {
  const s = await status();
  assert.equal(s.verdict, 'healthy', JSON.stringify(s.findings));
  assert.equal(s.exitCode, 0);
  const text = await hapilot(['status', '-c', LAB.clusterFile]);
  assert.match(text.stdout, /A: lab-a +B: lab-b/);
  assert.match(text.stdout, /PostgreSQL +PRIMARY · TL \d+ .* standby · TL \d+/);
  assert.match(text.stdout, / HEALTHY /);
});

test('PostgreSQL stopped on B: the standby is down, and with synchronous commit writes on A hang: critical, exit 2', async () => {
  await inNode('b', 'pg_ctlcluster 15 main stop');
  try {
    const s = await status();
    assert.equal(s.verdict, 'critical');
    assert.equal(s.exitCode, 2);
    assert.deepEqual(
      s.codes.filter((c) => c !== 'service-down' && c !== 'repmgr-status'),
      ['standby-down', 'writes-blocked'],
    );
    assert.match(
      s.findings.find((f) => f.code === 'standby-down')!.message,
      /PostgreSQL does not answer on lab-b \(PostgreSQL is not running/,
    );
  } finally {
    await inNode('b', 'pg_ctlcluster 15 main start');
  }
  await eventually(async () => (await status()).verdict === 'healthy', 'the lab to be healthy again', 60_000);
});

test('Redis stopped on A: Redis down on A and the replica link down on B: degraded, exit 1', async () => {
  await inNode('a', 'service redis-server stop');
  try {
    const s = await eventually(
      async () => {
        const x = await status();
        return x.codes.includes('redis-link-down') ? x : false;
      },
      'the replica to notice',
      30_000,
    );
    assert.equal(s.verdict, 'degraded');
    assert.equal(s.exitCode, 1);
    assert.deepEqual(
      s.codes.filter((c) => c !== 'service-down'),
      ['redis-down', 'redis-link-down'],
    );
    assert.match(s.findings.find((f) => f.code === 'redis-down')!.message, /Redis on lab-a does not answer \(Redis is not running/);
  } finally {
    await inNode('a', 'service redis-server start');
  }
  await eventually(async () => (await status()).verdict === 'healthy', 'the lab to be healthy again', 60_000);
});

test("B's sshd gone: B unreachable with the reason, nothing guessed about it: exit 3", async () => {
  await inNode('b', 'pkill -x sshd; true');
  try {
    const s = await status();
    assert.equal(s.verdict, 'unreachable');
    assert.equal(s.exitCode, 3);
    // The MongoDB stand-in on A judges its peer by B's ssh port, so it sees B's member down too.
    assert.deepEqual(s.codes, ['mongodb-member-unhealthy', 'node-unreachable']);
    assert.match(s.findings[0]!.message, /^lab-b unreachable: .*(ECONNREFUSED|refused)/);
    const doc = await statusJson();
    assert.equal(doc.nodes.b.reachable, false);
  } finally {
    await inNode('b', '/usr/sbin/sshd -E /var/log/sshd.log');
  }
  await eventually(async () => (await status()).verdict === 'healthy', 'the lab to be healthy again', 60_000);
});

test('B promoted while A is still primary: split brain, critical, exit 2; rejoin repairs it', async () => {
  await inNode('b', 'pg_ctlcluster 15 main promote');
  const s = await eventually(
    async () => {
      const x = await status();
      return x.codes.includes('split-brain-postgres') ? x : false;
    },
    'split brain to be reported',
    30_000,
  );
  assert.equal(s.verdict, 'critical');
  assert.equal(s.exitCode, 2);
  assert.match(
    s.findings.find((f) => f.code === 'split-brain-postgres')!.message,
    /SPLIT BRAIN: two PostgreSQL primaries, lab-a \(timeline (\d+)\) and lab-b \(timeline (?!\1\))\d+\)/,
  );
  const text = await hapilot(['status', '-c', LAB.clusterFile]);
  assert.match(text.stdout, /→ Fence one node first/);

  // Without roles hapilot refuses to guess which node to rejoin; named, it repairs the split.
  const guess = await hapilot(['run', 'rejoin', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: tempJournalDir(),
  });
  assert.equal(guess.exitCode, 2);
  assert.match(guess.stderr, /cannot tell which node is the primary \(two PostgreSQL primaries\)/);
  const rejoin = await hapilot(['run', 'rejoin', '--standby', 'b', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: tempJournalDir(),
  });
  assert.equal(rejoin.exitCode, 0, rejoin.stdout + rejoin.stderr);
  assert.equal((await status()).verdict, 'healthy');
});
