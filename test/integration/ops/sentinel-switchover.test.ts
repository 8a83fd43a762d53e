// Switchover and takeover when Sentinel manages Redis, for real on the lab: Redis's own Sentinel
// mode (redis-server --sentinel) started by this test on both nodes, plus a third Sentinel on lab-a's
// port 26380 standing in for the witness host a site would have (two Sentinels cannot elect, and
// the procedures end on a healthy cluster). The Redis master moves by SENTINEL FAILOVER, and every
// Sentinel names the new primary; no replicaof step runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, eventually, inNode, requireLab } from '../../support/lab.js';
import { hapilot, statusJson, tempJournalDir } from '../../support/hapilot.js';
import { ensureNominal, onlyRun } from './helpers.js';

let clusterFile = '';
const SENTINELS = [
  { node: 'a', port: 26379 },
  { node: 'b', port: 26379 },
  { node: 'a', port: 26380 },
] as const;
const dirOf = (port: number) => `/tmp/hp-sentinel-${port}`;

async function startAll() {
  for (const s of SENTINELS) {
    const d = dirOf(s.port);
    const conf = [
      `port ${s.port}`,
      'daemonize yes',
      `pidfile ${d}/pid`,
      `logfile ${d}/log`,
      `dir ${d}`,
      `sentinel monitor mymaster ${LAB.ip.a} 6379 2`,
      'sentinel down-after-milliseconds mymaster 5000',
    ].join('\n');
    await inNode(s.node, `mkdir -p ${d} && printf '%s\\n' '${conf}' > ${d}/sentinel.conf && redis-server ${d}/sentinel.conf --sentinel`);
  }
}

async function stopAll() {
  for (const s of SENTINELS)
    await inNode(s.node, `d=${dirOf(s.port)}; [ -f "$d/pid" ] && kill "$(cat "$d/pid")"; rm -rf "$d"`, { reject: false });
}

before(async () => {
  requireLab();
  await ensureNominal();
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-sentinel-ops-'));
  clusterFile = path.join(dir, 'cluster.yaml');
  const text = readFileSync(LAB.clusterFile, 'utf8').replace(
    /^components:\n/m,
    'components:\n  sentinel: { port: 26379, master: mymaster }\n',
  );
  writeFileSync(clusterFile, text, { mode: 0o600 });
  await startAll();
  await eventually(
    async () => (await statusJson(clusterFile)).verdict === 'healthy',
    'three Sentinels that know each other, a healthy cluster',
    40_000,
  );
});

after(async () => {
  await stopAll();
  await ensureNominal();
});

for (const [procedure, from, to] of [
  ['switchover', 'a', 'b'],
  ['takeover', 'b', 'a'],
] as const) {
  test(`${procedure} under Sentinel: the Redis master moves from ${from} to ${to} by SENTINEL FAILOVER, never replicaof`, async () => {
    const journal = tempJournalDir();
    const run = await hapilot(['run', procedure, '-c', clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], { journalDir: journal });
    assert.equal(run.exitCode, 0, `${run.stdout}\n${run.stderr}`);
    const s = await statusJson(clusterFile);
    assert.equal(s.verdict, 'healthy', JSON.stringify(s.findings));
    assert.equal(s.roles.primary, to);
    const masterSeen = (await inNode(to, 'redis-cli -p 26379 SENTINEL GET-MASTER-ADDR-BY-NAME mymaster')).stdout.split('\n')[0];
    assert.equal(masterSeen, LAB.ip[to]);
    const ran = onlyRun(journal)
      .entries.filter((e) => e.type === 'step-end' && e.node !== undefined)
      .map((e) => (e as { stepId: string }).stepId);
    assert.ok(ran.includes('redis-sentinel-failover'), ran.join());
    assert.ok(!ran.includes('redis-master') && !ran.includes('redis-replica'), ran.join());
  });
}
