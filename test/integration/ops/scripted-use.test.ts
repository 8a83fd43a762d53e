// Issue 11, item 9, on the lab: scripted use is told up front everything it must confirm (a local
// step's "this machine" too), and the lock commands never call a node they cannot read free.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, requireLab } from '../../support/lab.js';
import { hapilot, tempJournalDir } from '../../support/hapilot.js';

const marker = path.join(tmpdir(), `hapilot-local-step-${process.pid}`);

before(() => requireLab());
after(() => rmSync(marker, { force: true }));

function clusterWith(extra: string, edit: (text: string) => string = (t) => t): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hapilot-cluster-')), 'cluster.yaml');
  writeFileSync(file, `${edit(readFileSync(LAB.clusterFile, 'utf8'))}${extra}`);
  return file;
}

test("item 9: a procedure with a local step asks up front for --confirm 'this machine', then runs it", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-site-'));
  writeFileSync(
    path.join(dir, 'snapshot.yaml'),
    `name: snapshot\ntitle: Snapshot (lab test)\ndescription: a local step\nsteps:\n  - { id: snap, kind: local, title: Take a snapshot, command: [touch, ${marker}] }\n`,
  );
  const clusterFile = clusterWith(`procedures_dir: ${dir}\n`);
  const refused = await hapilot(['run', 'snapshot', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: tempJournalDir(),
  });
  assert.equal(refused.exitCode, 2, refused.stdout + refused.stderr);
  assert.match(refused.stderr, /snapshot changes this machine: add --confirm 'this machine'/);
  assert.equal(existsSync(marker), false, 'nothing ran');
  const ran = await hapilot(
    ['run', 'snapshot', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b', '--confirm', 'this machine'],
    {
      journalDir: tempJournalDir(),
    },
  );
  assert.equal(ran.exitCode, 0, ran.stdout + ran.stderr);
  assert.equal(existsSync(marker), true);
});

test('item 9: lock show and lock break say a node that does not answer is unreachable, exit 1, never "free" or "no lock"', async () => {
  // lab-b at an address of the lab's network where nothing answers.
  const unreachableIp = LAB.ip.b.replace(/\.\d+$/, '.250');
  const clusterFile = clusterWith('', (t) =>
    t.replace(/ {2}b:\n {4}alias: lab-b\n/, `  b:\n    host: ${unreachableIp}\n    name: lab-b\n`),
  );
  assert.match(readFileSync(clusterFile, 'utf8'), new RegExp(`host: ${unreachableIp.replaceAll('.', '\\.')}`));
  const shown = await hapilot(['lock', '-c', clusterFile]);
  assert.equal(shown.exitCode, 1, shown.stdout + shown.stderr);
  assert.match(shown.stdout, /^lab-a: free$/m);
  assert.match(shown.stdout, /^lab-b: unreachable: /m);
  const broken = await hapilot(['lock', 'break', '-c', clusterFile, '--confirm', 'x']);
  assert.equal(broken.exitCode, 1, broken.stdout + broken.stderr);
  assert.match(broken.stdout, /^lab-b: unreachable: /m);
  assert.match(broken.stdout, /no lock is held on the nodes that answered/);
  assert.doesNotMatch(broken.stdout, /^no lock is held$/m);
});
