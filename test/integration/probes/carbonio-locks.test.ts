// Carbonio on the lab: habeat's lock files are plain files, so they are read for real (a lock left
// two hours ago is stale); the carbonio CLI and Consul are not installed here, and each part says
// so on its own, never blocking the others.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, inNode, requireLab } from '../../support/lab.js';
import { statusJson } from '../../support/hapilot.js';

const LOCK = '/var/tmp/appserverdown-habeat-appserver';
let clusterFile = '';

before(() => {
  requireLab();
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-carbonio-'));
  clusterFile = path.join(dir, 'cluster.yaml');
  const text = readFileSync(LAB.clusterFile, 'utf8').replace(
    /^components:\n/m,
    'components:\n  carbonio:\n    source_mail_host: mbox1.example.com\n    lock_max_age: 15m\n',
  );
  writeFileSync(clusterFile, text, { mode: 0o600 });
});

after(async () => {
  await inNode('b', `rm -f ${LOCK}`, { reject: false });
});

test('a habeat lock file left two hours ago on lab-b is stale; the missing CLI and Consul are unknown with their reasons', async () => {
  await inNode('b', `touch -d '2 hours ago' ${LOCK}`);
  const s = await statusJson(clusterFile);
  const stale = s.findings.filter((f) => f.code === 'habeat-lock-stale');
  assert.equal(stale.length, 1, JSON.stringify(s.findings));
  assert.match(stale[0]!.message, /habeat lock file \/var\/tmp\/appserverdown-habeat-appserver on lab-b is 2 h old \(over 15 min\)/);
  const unknown = s.findings.filter((f) => f.code === 'carbonio-unknown').map((f) => f.message);
  assert.ok(
    unknown.some((m) => /account status on lab-a: unknown \(not installed \(\/opt\/zextras\/bin\/carbonio: command not found\)\)/.test(m)),
    unknown.join('\n'),
  );
  assert.ok(
    unknown.some((m) => /Consul witness on lab-b: unknown \(Consul does not answer/.test(m)),
    unknown.join('\n'),
  );
  // The rest of the pair is judged as always.
  assert.equal(s.roles.primary, 'a');
  assert.equal(s.splitBrain, false);
});
