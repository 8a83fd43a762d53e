// Issue 11, item 3, on the lab: what a node holds reaches `run --dry-run`'s preflight lines as text.
// A lock file with an OSC title sequence and cursor movement in it is shown escaped, never obeyed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, inNode, requireLab } from '../../support/lab.js';
import { hapilot } from '../../support/hapilot.js';

before(() => requireLab());
after(() => inNode('b', 'rm -f /var/lib/hapilot/lock'));

test('item 3: a lock file holding terminal escapes is named in the dry-run preflight as text', async () => {
  await inNode('b', `mkdir -p /var/lib/hapilot && printf 'x\\033]0;owned\\007\\033[2A\\033[2K\\n' > /var/lib/hapilot/lock`);
  const r = await hapilot(['run', 'switchover', '--dry-run', '-c', LAB.clusterFile]);
  assert.equal(r.exitCode, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /[\u0007\u001b]/, 'no escape reaches the terminal');
  assert.match(
    r.stdout,
    /✗ no other run holds the lock on lab-b: \/var\/lib\/hapilot\/lock holds something else: x\\e\]0;owned\\x07\\e\[2A\\e\[2K/,
  );
});
