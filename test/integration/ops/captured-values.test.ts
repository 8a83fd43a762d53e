// Issue 11, item 1, on the lab: a value captured from node A's output is data on node B. Before the
// fix, A printing $(touch FILE) made B create the file (as root), and a single quote broke out too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, inNode, requireLab } from '../../support/lab.js';
import { hapilot, tempJournalDir } from '../../support/hapilot.js';

// What a compromised node A says: a command substitution, then a single quote that ends a quoted
// value and starts a command.
const HOSTILE = `$(touch /tmp/hapilot-pwned-1)'; touch /tmp/hapilot-pwned-2; '`;

const PROCEDURE = `name: carry-value
title: Carry a value from A to B (lab test)
description: capture a line on A and use it on B
steps:
  - id: read-on-a
    kind: run
    on: a
    changes: false
    title: Read a line on A
    capture: x
    command: [cat, /tmp/hapilot-line]
  - id: use-on-b
    kind: run
    on: b
    title: Use it on B
    script: |
      echo "got {{vars.x}}" > /tmp/hapilot-got
      echo 'and {{vars.x}}' >> /tmp/hapilot-got
`;

const clean = 'rm -f /tmp/hapilot-line /tmp/hapilot-got /tmp/hapilot-pwned-1 /tmp/hapilot-pwned-2';

before(async () => {
  requireLab();
  await inNode('a', clean);
  await inNode('b', clean);
});
after(async () => {
  await inNode('a', clean);
  await inNode('b', clean);
});

test("item 1: A's output $(touch ...) and a single quote, captured and used on B, are printed there, never run", async () => {
  await inNode('a', `printf '%s\\n' '${HOSTILE.replaceAll("'", `'\\''`)}' > /tmp/hapilot-line`);
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-site-'));
  writeFileSync(path.join(dir, 'carry-value.yaml'), PROCEDURE);
  const clusterFile = path.join(mkdtempSync(path.join(tmpdir(), 'hapilot-cluster-')), 'cluster.yaml');
  writeFileSync(clusterFile, `${readFileSync(LAB.clusterFile, 'utf8')}procedures_dir: ${dir}\n`);
  const run = await hapilot(['run', 'carry-value', '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
    journalDir: tempJournalDir(),
  });
  assert.equal(run.exitCode, 0, run.stdout + run.stderr);
  assert.equal((await inNode('b', 'cat /tmp/hapilot-got')).stdout, `got ${HOSTILE}\nand ${HOSTILE}`);
  const pwned = await inNode('b', 'ls /tmp/hapilot-pwned-1 /tmp/hapilot-pwned-2 2>/dev/null || true');
  assert.equal(pwned.stdout.trim(), '', 'B ran what A printed');
});
