// The engine's guards on the real cluster: a second run is refused while one holds the lock (and
// the dashboard rows show the lock), and a failed step rolls the completed steps back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, inNode, requireLab } from '../../support/lab.js';
import { hapilot, tempJournalDir } from '../../support/hapilot.js';
import { RecordingOperator } from '../../support/recording-operator.js';
import { ensureNominal, onlyRun } from './helpers.js';
import { loadClusterFile } from '../../../src/config/load-cluster.js';
import { openSession } from '../../../src/transport/session.js';
import { createEngine, prepareRun } from '../../../src/ops/launcher.js';

before(async () => {
  requireLab();
  await ensureNominal();
});
after(ensureNominal);

test('a second run is refused while a first holds the lock, and the lock shows on the dashboard rows', async () => {
  const journal = tempJournalDir();
  process.env.HAPILOT_JOURNAL_DIR = journal;
  const cluster = loadClusterFile(LAB.clusterFile);
  const session = openSession(cluster, { readOnly: false, interactiveHostKey: null });
  try {
    // Run 1 stops at its first destructive gate: the lock is taken, nothing else changed yet.
    let release!: () => void;
    const atGate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reachedGate!: () => void;
    const reached = new Promise<void>((r) => (reachedGate = r));
    const operator = new RecordingOperator({
      type: () => {
        reachedGate();
        return '';
      },
    });
    const slowType = operator.typeNodeName.bind(operator);
    operator.typeNodeName = async (q, expected) => {
      const answer = slowType(q, expected);
      await atGate;
      return answer;
    };
    const prepared = await prepareRun(cluster, { a: session.a, b: session.b }, 'switchover');
    const first = createEngine(cluster, { a: session.a, b: session.b }, prepared, operator);
    const firstDone = first.run();
    // If run 1 ends before its gate (a preflight that fails on a cluster left unhealthy), say so
    // instead of waiting for a gate that never comes.
    await Promise.race([
      reached,
      firstDone.then((r) => {
        throw new Error(`run 1 ended before its first gate: ${r.outcome}: ${r.message}`);
      }),
    ]);

    const second = await hapilot(['run', 'switchover', '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
      journalDir: tempJournalDir(),
    });
    assert.equal(second.exitCode, 1, second.stdout + second.stderr);
    assert.match(
      second.stdout,
      new RegExp(
        `no other run holds the lock on lab-a \\(held: \\S+ on \\S+ \\(pid ${process.pid}\\) runs switchover since \\S+ \\(run ${first.runId}\\)\\)`,
      ),
    );
    assert.match(second.stdout, /FAILED: preflight failed, nothing was changed/);

    const status = await hapilot(['status', '-c', LAB.clusterFile]);
    assert.match(status.stdout, new RegExp(`Lock +LOCKED: .* runs switchover .*run ${first.runId}`));
    const shown = await hapilot(['lock', '-c', LAB.clusterFile]);
    assert.match(shown.stdout, new RegExp(`lab-b: held: .*run ${first.runId}.*still running here`));

    release();
    const r = await firstDone;
    assert.equal(r.outcome, 'incomplete');
    assert.match(r.message, /not confirmed: "Stop PostgreSQL on the primary/);
  } finally {
    await session.close();
    delete process.env.HAPILOT_JOURNAL_DIR;
  }
  // Declining changed nothing: the lock is gone and repmgrd runs again on both nodes.
  const free = await hapilot(['lock', '-c', LAB.clusterFile]);
  assert.match(free.stdout, /lab-a: free\nlab-b: free/);
  for (const n of ['a', 'b'] as const) assert.match((await inNode(n, 'pgrep -x repmgrd || true')).stdout, /^\d+$/m);
  const { entries } = onlyRun(journal);
  assert.ok(entries.some((e) => e.type === 'decision' && e.answer === '' && /type the node's name/.test(e.question)));
});

const SITE_PROCEDURE = `name: maintenance-window
title: Maintenance window (lab test)
description: mark both nodes transient, keep the VIP off the standby, then upgrade a package there
requires: [role_files, keepalived]
preflight: [healthy]
steps:
  - id: mark-transient
    kind: run
    on: both
    title: Mark both nodes transient
    script: printf 'transient\\n' > {{role_files.status}}
    rollback:
      title: Mark both nodes working again
      script: printf 'working\\n' > {{role_files.status}}
  - id: keep-vip-off-standby
    kind: run
    on: standby
    title: Keep the VIP off the standby during the upgrade
    script: printf '1\\n' > {{keepalived.release_file}}
    rollback:
      title: Let the standby hold the VIP again
      script: printf '0\\n' > {{keepalived.release_file}}
  - id: upgrade
    kind: run
    on: standby
    title: Upgrade the application package
    command: [dpkg, --status, hapilot-lab-no-such-package]
`;

test('a failed step rolls the completed steps back, in reverse order, and the run says failed (rolled back)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-site-'));
  writeFileSync(path.join(dir, 'maintenance-window.yaml'), SITE_PROCEDURE);
  const clusterFile = path.join(mkdtempSync(path.join(tmpdir(), 'hapilot-cluster-')), 'cluster.yaml');
  writeFileSync(clusterFile, `${readFileSync(LAB.clusterFile, 'utf8')}procedures_dir: ${dir}\n`);
  const journal = tempJournalDir();
  const run = await hapilot(
    ['run', 'maintenance-window', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b', '--on-failure', 'rollback'],
    { journalDir: journal },
  );
  assert.equal(run.exitCode, 1, run.stdout + run.stderr);
  assert.match(
    run.stdout,
    /FAILED \(rolled back\): step upgrade failed \(exit 1 on lab-b: dpkg-query: package 'hapilot-lab-no-such-package' is not installed/,
  );
  for (const n of ['a', 'b'] as const) assert.equal((await inNode(n, 'cat /etc/rapidpro.status')).stdout.trim(), 'working');
  assert.equal((await inNode('b', 'cat /etc/keepalived/hapilot-vip.release')).stdout.trim(), '0');
  const { entries } = onlyRun(journal);
  const undone = entries
    .filter((e) => e.type === 'step-end' && e.rollback)
    .map((e) => `${(e as { stepId: string }).stepId}@${(e as { node?: string }).node}`);
  assert.deepEqual(undone, ['keep-vip-off-standby@lab-b', 'mark-transient@lab-a', 'mark-transient@lab-b']);
  const end = entries.at(-1)!;
  assert.ok(end.type === 'run-end' && end.outcome === 'failed' && end.rolledBack);
});
