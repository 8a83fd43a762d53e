// Redis Sentinel on the lab, for real: Redis's own Sentinel mode (redis-server --sentinel) started
// in both nodes by this test, watching lab-a's Redis. hapilot reads what each Sentinel believes, says
// that two Sentinels cannot elect once a node is gone, and, with lab-b's stopped, that lab-a's has
// no quorum while lab-b's does not answer (and the rest of the pair is still judged).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, eventually, inNode, requireLab } from '../../support/lab.js';
import { statusJson } from '../../support/hapilot.js';

let clusterFile = '';
const DIR = '/tmp/hp-sentinel-test';

async function startSentinel(node: 'a' | 'b') {
  const conf = [
    'port 26379',
    'daemonize yes',
    `pidfile ${DIR}/pid`,
    `logfile ${DIR}/log`,
    `dir ${DIR}`,
    `sentinel monitor mymaster ${LAB.ip.a} 6379 2`,
    'sentinel down-after-milliseconds mymaster 5000',
  ].join('\n');
  await inNode(node, `mkdir -p ${DIR} && printf '%s\\n' '${conf}' > ${DIR}/sentinel.conf && redis-server ${DIR}/sentinel.conf --sentinel`);
}

async function stopSentinel(node: 'a' | 'b') {
  await inNode(node, `[ -f ${DIR}/pid ] && kill "$(cat ${DIR}/pid)"; rm -rf ${DIR}`, { reject: false });
}

before(async () => {
  requireLab();
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-sentinel-'));
  clusterFile = path.join(dir, 'cluster.yaml');
  const text = readFileSync(LAB.clusterFile, 'utf8').replace(
    /^components:\n/m,
    'components:\n  sentinel: { port: 26379, master: mymaster }\n',
  );
  writeFileSync(clusterFile, text, { mode: 0o600 });
  await startSentinel('a');
  await startSentinel('b');
});

after(async () => {
  await stopSentinel('a');
  await stopSentinel('b');
});

test('two Sentinels that agree on lab-a: the one finding is that two cannot elect once a node is gone', async () => {
  // Each Sentinel learns of the other through Redis within a few seconds.
  const s = await eventually(
    async () => {
      const doc = await statusJson(clusterFile);
      return doc.findings.some((f) => f.code === 'sentinel-cannot-elect' && /Only 2 Sentinels/.test(f.message)) ? doc : null;
    },
    'both Sentinels to know each other',
    30_000,
  );
  const sentinelCodes = s.findings.filter((f) => f.code.startsWith('sentinel')).map((f) => f.code);
  assert.deepEqual(sentinelCodes, ['sentinel-cannot-elect'], JSON.stringify(s.findings));
  assert.equal(s.splitBrain, false);
});

test("lab-b's Sentinel stopped: it does not answer, and lab-a's has no quorum", async () => {
  await stopSentinel('b');
  // lab-a's Sentinel counts lab-b's as gone once its down-after (5 s) has passed.
  const s = await eventually(
    async () => {
      const doc = await statusJson(clusterFile);
      return doc.findings.some((f) => f.code === 'sentinel-no-quorum') ? doc : null;
    },
    "lab-a's Sentinel to lose its quorum",
    30_000,
  );
  const by = (code: string) => s.findings.filter((f) => f.code === code).map((f) => f.message);
  assert.ok(
    by('sentinel-unknown').some((m) =>
      /Sentinel on lab-b: unknown \(Sentinel does not answer \(Could not connect to Redis at 127\.0\.0\.1:26379: Connection refused\)\)/.test(
        m,
      ),
    ),
    JSON.stringify(s.findings),
  );
  assert.ok(
    by('sentinel-no-quorum').some((m) => /lab-a cannot authorise a failover of mymaster: NOQUORUM 1 usable Sentinels/.test(m)),
    JSON.stringify(s.findings),
  );
  assert.equal(s.roles.primary, 'a');
});
