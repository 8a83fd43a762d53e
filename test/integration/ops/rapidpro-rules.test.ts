// RapidPro's guard rails, for real on the lab: a stand-in for a master-only service (celerybeat),
// installed as an init script in each node by this test, shows "two masters" when it runs on both
// nodes, is stopped on the old primary and started on the new one by a switchover; a standby whose
// status file says transient is never promoted; a rejoined node goes failure -> disabled -> working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, eventually, inNode, requireLab } from '../../support/lab.js';
import { hapilot, statusJson, tempJournalDir } from '../../support/hapilot.js';
import { ensureNominal, onlyRun } from './helpers.js';

// A script's process is named after its file: pgrep -x labbeatd finds it as it finds celerybeat (not
// "labbeat": that is the init script's own name while it runs).
const DAEMON = `#!/bin/sh
while :; do sleep 1; done
`;
const INIT = `#!/bin/sh
case "$1" in
  start) pgrep -x labbeatd >/dev/null || setsid /usr/local/bin/labbeatd </dev/null >/dev/null 2>&1 & ;;
  stop) pkill -x labbeatd; while pgrep -x labbeatd >/dev/null; do sleep 0.1; done ;;
  status) pgrep -x labbeatd >/dev/null ;;
esac
exit 0
`;

let clusterFile = '';

async function running(node: 'a' | 'b'): Promise<boolean> {
  return (await inNode(node, 'pgrep -x labbeatd', { reject: false })).exitCode === 0;
}

before(async () => {
  requireLab();
  await ensureNominal();
  for (const n of ['a', 'b'] as const) {
    await inNode(
      n,
      `cat > /usr/local/bin/labbeatd <<'EOS'\n${DAEMON}EOS\ncat > /etc/init.d/labbeat <<'EOS'\n${INIT}EOS\nchmod 755 /etc/init.d/labbeat /usr/local/bin/labbeatd`,
    );
  }
  await inNode('a', 'service labbeat start');
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-rapidpro-'));
  clusterFile = path.join(dir, 'cluster.yaml');
  const text = readFileSync(LAB.clusterFile, 'utf8').replace(
    /^ {2}services:\n/m,
    '  services:\n    - { name: labbeat, process: labbeatd, run_on: primary }\n',
  );
  writeFileSync(clusterFile, text, { mode: 0o600 });
});

after(async () => {
  for (const n of ['a', 'b'] as const) {
    await inNode(n, 'service labbeat stop; rm -f /etc/init.d/labbeat /usr/local/bin/labbeatd; echo working > /etc/rapidpro.status', {
      reject: false,
    });
  }
  await ensureNominal();
});

test('a master-only service running on both nodes is TWO MASTERS, critical', async () => {
  assert.equal((await statusJson(clusterFile)).verdict, 'healthy');
  await inNode('b', 'service labbeat start');
  try {
    const s = await statusJson(clusterFile);
    assert.equal(s.verdict, 'critical');
    const f = s.findings.find((x) => x.code === 'two-masters');
    assert.match(f?.message ?? '', /TWO MASTERS: labbeat runs on both lab-a and lab-b/);
  } finally {
    await inNode('b', 'service labbeat stop');
  }
});

test('a standby whose status file says transient is not promoted: the run stops before any change, naming the file', async () => {
  await inNode('b', 'echo transient > /etc/rapidpro.status');
  try {
    const journal = tempJournalDir();
    const run = await hapilot(['run', 'switchover', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
      journalDir: journal,
    });
    const out = `${run.stdout}\n${run.stderr}`;
    assert.notEqual(run.exitCode, 0, out);
    assert.match(out, /\/etc\/rapidpro\.status says transient/);
    const s = await statusJson(clusterFile);
    assert.equal(s.roles.primary, 'a');
    assert.ok(await running('a'), 'labbeat still runs on the primary');
  } finally {
    await inNode('b', 'echo working > /etc/rapidpro.status');
  }
});

test('switchover stops the master-only service on the old primary and starts it on the new one', async () => {
  const journal = tempJournalDir();
  const run = await hapilot(['run', 'switchover', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], { journalDir: journal });
  assert.equal(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
  assert.equal(await running('a'), false, 'labbeat stopped on the old primary');
  assert.equal(await running('b'), true, 'labbeat runs on the new primary');
  const s = await statusJson(clusterFile);
  assert.equal(s.roles.primary, 'b');
  assert.equal(s.verdict, 'healthy', JSON.stringify(s.findings));
  const ids = onlyRun(journal)
    .entries.filter((e) => e.type === 'step-end' && e.node !== undefined)
    .map((e) => (e as { stepId: string }).stepId);
  assert.ok(ids.indexOf('stop-primary-only') < ids.indexOf('stop-primary'), ids.join());
  assert.ok(ids.indexOf('start-primary-only') > ids.indexOf('promote'), ids.join());
});

test('rejoin takes a node in failure through disabled before working', async () => {
  // Back to A primary first (takeover moves labbeat back too), then fail B and rejoin it.
  const back = await hapilot(['run', 'takeover', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: tempJournalDir(),
  });
  assert.equal(back.exitCode, 0, `${back.stdout}\n${back.stderr}`);
  assert.ok(await running('a'));
  assert.equal(await running('b'), false);
  // A watcher inside B records every value the status file takes.
  await inNode(
    'b',
    `echo failure > /etc/rapidpro.status; rm -f /tmp/status.log
     setsid sh -c 'last=; while :; do v=$(cat /etc/rapidpro.status); [ "$v" = "$last" ] || echo "$v" >> /tmp/status.log; last=$v; sleep 0.05; done' </dev/null >/dev/null 2>&1 &
     echo $! > /tmp/status-watch.pid`,
  );
  await eventually(async () => (await inNode('b', 'cat /tmp/status.log', { reject: false })).stdout.includes('failure'), 'the watcher');
  try {
    const run = await hapilot(['run', 'rejoin', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
      journalDir: tempJournalDir(),
    });
    assert.equal(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
    const seen = (await inNode('b', 'cat /tmp/status.log')).stdout.trim().split('\n');
    assert.deepEqual(seen, ['failure', 'disabled', 'working']);
  } finally {
    await inNode('b', 'kill "$(cat /tmp/status-watch.pid)"', { reject: false });
  }
});
