// Data older than its round (a slow section the persistent session asks for at its own period)
// reads with the time it was collected, in status and in the panes alike (both use nodeRows).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeRows } from '../../../src/view/node-rows.js';
import { formatClock } from '../../../src/format/units.js';
import { healthyNode, labLikeDefinition as def, NOW } from '../../support/facts.js';

test('a component collected before the round says "(as of HH:MM:SS)" on its first row, the others do not', () => {
  const at = new Date(NOW - 25_000).toISOString();
  const rows = nodeRows({ ...healthyNode('a', 'primary'), asOf: { repmgr: at } }, def);
  const repmgr = rows.filter((r) => r.key.startsWith('repmgr'));
  assert.ok(repmgr.length > 0);
  assert.ok(repmgr[0]!.text.endsWith(`(as of ${formatClock(Date.parse(at))})`), repmgr[0]!.text);
  assert.ok(rows.filter((r) => !r.key.startsWith('repmgr')).every((r) => !r.text.includes('as of')));
  assert.ok(
    nodeRows(healthyNode('a', 'primary'), def).every((r) => !r.text.includes('as of')),
    'fresh data has no age',
  );
});

test('rounds taken by the per-round script instead of the session say why', () => {
  const rows = nodeRows({ ...healthyNode('a', 'primary'), perRoundReason: 'the probe session could not start: bash 4.2' }, def);
  const probe = rows.find((r) => r.key === 'probe');
  assert.equal(probe?.text, 'a script per round: the probe session could not start: bash 4.2');
  assert.equal(
    nodeRows(healthyNode('a', 'primary'), def).find((r) => r.key === 'probe'),
    undefined,
  );
});
