// Hostile values through sh/shellQuote, over ssh, through the node's login shell and the
// transport's own wrapper (timeout, sh -c): they arrive byte for byte, and nothing in them runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, inNode, requireLab } from '../../support/lab.js';
import { sh, shellQuote } from '../../../src/transport/quote.js';
import type { NodeConnection } from '../../../src/transport/connection.js';
import { HOSTILE } from '../../fixtures/transport/hostile.js';
import { connectionTo, existsInNode } from './helpers.js';

let conn: NodeConnection;

before(async () => {
  requireLab();
  // Start clean, so that the check at the end means something.
  await inNode('a', 'rm -f /tmp/pwned');
  conn = connectionTo('lab-a', LAB.sshConfig);
  await conn.connect();
});
after(() => conn?.close());

test('each hostile value arrives byte-identical through printf %s', async () => {
  for (const value of HOSTILE) {
    const r = await conn.exec({ kind: 'probe', text: sh`printf '%s' ${value}`, label: 'quote' }, { timeoutMs: 15_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.stdout, value, `value ${JSON.stringify(value)}`);
  }
});

test('all of them at once, as one argument list, and through shellQuote', async () => {
  const r = await conn.exec({ kind: 'probe', text: sh`printf '%s\\0' ${HOSTILE}`, label: 'quote list' }, { timeoutMs: 15_000 });
  assert.deepEqual(r.stdout.split('\0').slice(0, -1), HOSTILE);
  const text = `printf '%s\\0' ${HOSTILE.map(shellQuote).join(' ')}`;
  const r2 = await conn.exec({ kind: 'probe', text, label: 'quote list' }, { timeoutMs: 15_000 });
  assert.deepEqual(r2.stdout.split('\0').slice(0, -1), HOSTILE);
});

test('values sent in a stdin script (bash -s) arrive intact too', async () => {
  const script = `${HOSTILE.map((v) => sh`printf '%s\\0' ${v}`).join('\n')}\n`;
  const r = await conn.exec({ kind: 'probe', text: 'bash -s', label: 'quote script', stdin: script }, { timeoutMs: 15_000 });
  assert.deepEqual(r.stdout.split('\0').slice(0, -1), HOSTILE);
});

test('nothing in the values ran on the node: /tmp/pwned does not exist', async () => {
  assert.equal(await existsInNode('a', '/tmp/pwned'), false);
});
