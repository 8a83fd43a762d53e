// The text of a gate (gate-lines.ts): what the operator reads before saying yes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateLines } from '../../../src/screens/wizard/gate-lines.js';

test('a gate folds a long command instead of cutting it: every character is on the screen', () => {
  const command = `printf '%s\\n' '${'x'.repeat(150)}END'`;
  const lines = gateLines(
    { stepId: 's', title: 'T', nodes: ['lab-a'], commands: [{ node: 'lab-a', command }], destructive: false, rollback: false },
    60,
  );
  assert.ok(lines.every((l) => l.text.length <= 60));
  const joined = lines.map((l) => l.text.replace(/^\s*↪ /, '').trim()).join('');
  assert.ok(joined.includes(`${'x'.repeat(150)}END'`), joined);
});
