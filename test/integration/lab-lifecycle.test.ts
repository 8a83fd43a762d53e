// lab.sh itself: it refuses without root, is idempotent, and repairs a lab left half-dead.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { REPO, requireLab, inNode, eventually } from '../support/lab.js';

const labSh = path.join(REPO, 'lab/lab.sh');

before(requireLab);

test('without root, lab up stops at once and says what it needs', async () => {
  const r = await execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', labSh, 'up'], {
    reject: false,
    timeout: 10_000,
  });
  assert.equal(r.exitCode, 1);
  assert.match(r.stderr, /needs root/);
});

test('lab up on a running lab reports it and changes nothing', async () => {
  const before = (await inNode('a', 'cat /proc/1/stat')).stdout.split(' ')[21]; // start time of the node's init
  const r = await execa('bash', [labSh, 'up'], { timeout: 30_000 });
  assert.match(r.stdout, /the lab is already up/);
  assert.match(r.stdout, /lab-a .* postgres:primary +redis:master +holds VIP/);
  assert.match(r.stdout, /lab-b .* postgres:standby +redis:slave/);
  const after = (await inNode('a', 'cat /proc/1/stat')).stdout.split(' ')[21];
  assert.equal(after, before);
});

test('a lab with a dead node is reported incomplete, and lab up rebuilds it', async () => {
  // Kill node B's init as a crash or a killed run would leave it.
  await execa('bash', ['-c', `. ${path.join(REPO, 'lab/lib.sh')}; kill -KILL $(node_pid1 b)`]);
  await eventually(async () => {
    const s = await execa('bash', [labSh, 'status'], { reject: false });
    return s.exitCode !== 0 && /lab-b .* DOWN/.test(s.stdout) ? s : false;
  }, 'lab status to report lab-b down');
  const up = await execa('bash', [labSh, 'up'], { timeout: 120_000 });
  assert.match(up.stdout, /cleaning up a lab left behind/);
  assert.match(up.stdout, /10\/10 .* ok/);
  const s = await execa('bash', [labSh, 'status']);
  assert.match(s.stdout, /lab-b .* up +postgres:standby/);
});
