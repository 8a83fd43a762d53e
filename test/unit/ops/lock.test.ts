// Issue 11, item 9: the cluster lock file is the operator's business only (mode 0600), and a lock
// file that is there but cannot be read is never taken for "no lock".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { acquireCommand, readCommand } from '../../../src/ops/lock.js';
import { runPreflight } from '../../../src/ops/preflight.js';
import { ProcedureSchema } from '../../../src/ops/procedure-schema.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import { healthyPair, reachable, NOW } from '../../support/facts.js';
import { LocalRunner } from '../../support/local-runner.js';

const holder = { runId: 'r1', procedure: 'switchover', operator: 'alice', from: 'jump1', pid: 7, since: '2026-12-02T00:00:00Z' };

function bash(text: string, cwd: string): { status: number; stdout: string } {
  try {
    return { status: 0, stdout: execFileSync('bash', ['-c', text], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (e) {
    return { status: (e as { status: number }).status, stdout: String((e as { stdout: unknown }).stdout) };
  }
}

test('item 9: the lock file is created mode 0600, whatever the umask', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-lock-'));
  try {
    const file = path.join(dir, 'var', 'lock');
    assert.equal(bash(`umask 022; ${acquireCommand(holder, file).text}`, dir).stdout, 'acquired\n');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(bash(readCommand(file).text, dir).stdout.trim(), JSON.stringify(holder));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 9: reading the lock: no file is empty and exit 0; a lock path that cannot be read fails, never empty', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-lock-'));
  try {
    assert.deepEqual(bash(readCommand(path.join(dir, 'none')).text, dir), { status: 0, stdout: '' });
    mkdirSync(path.join(dir, 'lock'));
    assert.notEqual(bash(readCommand(path.join(dir, 'lock')).text, dir).status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 9: the preflight refuses a lock file it cannot read instead of calling the cluster free', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hapilot-lock-'));
  try {
    const dirs = { a: path.join(root, 'a'), b: path.join(root, 'b') };
    mkdirSync(dirs.a);
    mkdirSync(path.join(dirs.b, 'hapilot.lock'), { recursive: true }); // b's lock path: unreadable as a file
    const def = parseCluster(
      `name: t\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents: { postgres: { version: 15 } }\n`,
      '/x/t.yaml',
    ).def;
    const pair = healthyPair();
    const procedure = ProcedureSchema.parse({
      name: 'p',
      title: 'P',
      description: 'd',
      steps: [{ id: 'm', kind: 'manual', title: 'M', instructions: 'i' }],
    });
    const nodes = {
      a: { id: 'a' as const, name: 'lab-a', address: '198.18.0.11' },
      b: { id: 'b' as const, name: 'lab-b', address: '198.18.0.12' },
    };
    const pf = await runPreflight({
      def,
      procedure,
      runners: { a: new LocalRunner('a', 'lab-a', dirs.a), b: new LocalRunner('b', 'lab-b', dirs.b) },
      observation: {
        facts: { a: pair.a, b: pair.b },
        unreachable: {},
        assessment: assess({ nodes: { a: reachable(pair.a), b: reachable(pair.b) } }, def, NOW),
      },
      predicates: { def, nodes, roles: { primary: 'a', standby: 'b' }, render: (t) => t },
      runId: null,
      alreadyPaused: [],
      lockFile: 'hapilot.lock',
    });
    const lockOn = (n: string) => pf.results.find((r) => r.label === `no other run holds the lock on ${n}`)!;
    assert.equal(lockOn('lab-a').ok, true);
    assert.equal(lockOn('lab-b').ok, false);
    assert.match(lockOn('lab-b').detail, /cannot read hapilot\.lock: cat: hapilot\.lock: Is a directory/);
    assert.equal(pf.ok, false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
