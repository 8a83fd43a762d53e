// Issue 18 item 3: `hapilot status` (and the console, the wallboard) say when a run that is gone
// still holds the lock with the automation it paused, naming the run and how to finish it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { assess } from '../../../src/cluster/assessment.js';
import { known, type LockHolder } from '../../../src/cluster/facts.js';
import { NOW, labLikeDefinition, healthyPair, reachable } from '../../support/facts.js';

const def = {
  ...labLikeDefinition,
  automation: [{ name: 'repmgrd', on: 'both', active: ['true'], pause: ['true'], resume: ['true'] }],
} as unknown as typeof labLikeDefinition;

function withLock(holder: LockHolder) {
  const pair = healthyPair();
  pair.a.lock = known(holder);
  pair.b.lock = known(holder);
  return assess({ nodes: { a: reachable(pair.a), b: reachable(pair.b) } }, def, NOW);
}

const holder = (pid: number, from = hostname()): LockHolder => ({
  runId: '20261202T010000Z-switchover-dead',
  procedure: 'switchover',
  operator: 'alice',
  from,
  pid,
  since: '2026-12-02T01:00:00Z',
});

test('a lock held by a run whose process is gone is a finding naming the run and the automation it left paused', () => {
  const a = withLock(holder(2 ** 22 + 17));
  assert.equal(a.verdict, 'degraded');
  const f = a.findings.find((x) => x.code === 'run-gone');
  assert.ok(f, JSON.stringify(a.findings));
  assert.match(
    f.message,
    /run 20261202T010000Z-switchover-dead \(switchover by alice, pid \d+\) is gone but holds the lock on lab-a, lab-b: automation it paused \(repmgrd\) stays paused/,
  );
  assert.equal(f.advice, 'resume it: hapilot run switchover --resume 20261202T010000Z-switchover-dead');
});

test('a run that is alive, or on another machine, is not called gone', () => {
  assert.ok(!withLock(holder(process.pid)).findings.some((x) => x.code === 'run-gone'));
  assert.ok(!withLock(holder(2 ** 22 + 17, 'another-jump-host')).findings.some((x) => x.code === 'run-gone'));
});
