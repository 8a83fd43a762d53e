// Issue 18 item 1: a resumed run must know what to do with every built-in step that was cut short.
// A step that changes something says how: `verify` (its effect can be looked at) or `idempotent`
// (true: safe to run again; false, on purpose: the operator is asked). Neither is a step a killed
// run could not finish unattended without anyone having decided so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProcedures } from '../../../src/ops/load-procedures.js';

test('every built-in step that changes something declares verify or idempotent', () => {
  const missing: string[] = [];
  for (const [name, loaded] of loadProcedures()) {
    if (!loaded.builtin) continue;
    for (const step of loaded.procedure.steps) {
      const changes = step.kind === 'local' || (step.kind === 'run' && step.changes);
      if (!changes) continue;
      const declared = (step.kind === 'run' && step.verify !== undefined) || step.idempotent !== undefined;
      if (!declared) missing.push(`${name}/${step.id}`);
    }
  }
  assert.deepEqual(missing, [], `steps a resumed run could not settle: ${missing.join(', ')}`);
});

test('the built-ins checked above are the four the suite runs', () => {
  const names = [...loadProcedures()].filter(([, l]) => l.builtin).map(([n]) => n);
  for (const n of ['switchover', 'failover', 'rejoin', 'takeover']) assert.ok(names.includes(n), n);
});
