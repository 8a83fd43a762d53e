// Issue 11, item 2, on the lab: libpq itself reads back the values hapilot quotes in a conninfo
// (a node named "node A" broke primary_conninfo after a promotion; a space could add keywords).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { inNode, requireLab } from '../../support/lab.js';
import { shellQuote } from '../../../src/transport/quote.js';
import { conninfo } from '../../../src/ops/conninfo.js';

before(() => requireLab());

test('item 2: libpq reads a quoted application_name with a space, a quote and a backslash as itself, whole', async () => {
  const name = "node A's \\ one sslmode=require";
  const info = conninfo([
    ['host', '/var/run/postgresql'],
    ['dbname', 'postgres'],
    ['application_name', name],
  ]);
  const r = await inNode('a', `runuser -u postgres -- psql -XAt -d ${shellQuote(info)} -c 'show application_name'`);
  // One value: had the space ended it, libpq would refuse "one" (no =) or take sslmode=require.
  assert.equal(r.stdout, name);
});
