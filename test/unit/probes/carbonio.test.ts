// Carbonio's signals from the documented output in test/fixtures/probes/carbonio/ (fixtures, not
// captures: see its README): habeat's lock files, the account status, a queued promotion and the
// Consul witness, each part read on its own, and the findings they give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CARBONIO_SECTIONS, parseCarbonio } from '../../../src/probes/parse/carbonio.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { assess } from '../../../src/cluster/assessment.js';
import { nodeRows } from '../../../src/view/node-rows.js';
import type { NodeFacts } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, NOW } from '../../support/facts.js';
import { section, CTX } from './fixtures.js';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/probes/carbonio');
const fixture = (name: string) => readFileSync(path.join(DIR, name), 'utf8');

const def = parseCluster(
  `name: mail
nodes: { a: { alias: mbox1 }, b: { alias: mbox2 } }
components:
  carbonio: { source_mail_host: mbox1.example.com, lock_max_age: 15m }
`,
  '/x/carbonio.yaml',
).def;
const settings = def.components.carbonio!;
const LOCKS = settings.lock_files;

function sections(over: Partial<Record<keyof typeof CARBONIO_SECTIONS, [string, string?, number?]>>) {
  const base: Record<keyof typeof CARBONIO_SECTIONS, [string, string?, number?]> = {
    locks: ['now 1764640000\nlock 0 missing\nlock 1 missing\nlock 2 missing\n'],
    accounts: [fixture('account-status.json')],
    operations: [fixture('operations-empty.json')],
    witness: [fixture('consul-members.json').replace('"Status": 4', '"Status": 1')],
    ...over,
  };
  return new Map(
    Object.entries(base).map(([k, [out, err, code]]) => {
      const name = CARBONIO_SECTIONS[k as keyof typeof CARBONIO_SECTIONS];
      return [name, section(name, out, err ?? '', code ?? 0)];
    }),
  );
}

function assessWith(b: ReturnType<typeof parseCarbonio>) {
  const p = healthyPair();
  const strip = (f: NodeFacts): NodeFacts => ({
    node: f.node,
    name: f.name === 'lab-a' ? 'mbox1' : 'mbox2',
    collectedAt: f.collectedAt,
    roundTripMs: 1,
    host: f.host,
  });
  const a = { ...strip(p.a), carbonio: parseCarbonio(sections({}), CTX, settings) };
  const bb = { ...strip(p.b), carbonio: b };
  return { a, b: bb, result: assess({ nodes: { a: reachable(a), b: reachable(bb) } }, def, NOW) };
}

test('a quiet site: no lock, three replicated accounts, nothing queued, every Consul member alive', () => {
  const f = parseCarbonio(sections({}), CTX, settings);
  assert.ok(f.known);
  assert.deepEqual(f.value.accounts, {
    known: true,
    value: { source: 'mbox1.example.com', names: ['alice@example.com', 'bob@example.com', 'sales@example.com'] },
  });
  assert.deepEqual(f.value.operations, { known: true, value: 0 });
  assert.deepEqual(f.value.locks, { known: true, value: LOCKS.map((p) => ({ path: p, present: false, ageSeconds: null })) });
  const r = assessWith(f);
  assert.equal(r.result.verdict, 'healthy', JSON.stringify(r.result.findings));
  const text = nodeRows(r.b, def).map((x) => `${x.label}: ${x.text}`);
  assert.ok(text.includes('habeat locks: none'), text.join('\n'));
  assert.ok(text.includes('Replicas: 3 accounts from mbox1.example.com'));
  assert.ok(text.includes('Operations: none queued'));
  assert.ok(text.includes('Consul: 2 members, 2 alive'));
});

test('a queued promotion is a finding, with its lock file fresh', () => {
  const f = parseCarbonio(
    sections({
      operations: [fixture('operations-queued.json')],
      locks: ['now 1764640000\nlock 0 present 1764639900\nlock 1 present 1764639900\nlock 2 missing\n'],
    }),
    CTX,
    settings,
  );
  const r = assessWith(f);
  assert.deepEqual(
    r.result.findings.map((x) => x.code),
    ['carbonio-promotion-queued'],
  );
  assert.match(r.result.findings[0]!.message, /mbox2: Carbonio has 1 operation queued or running \(core getAllOperations\)/);
});

test('a stale lock file (older than lock_max_age) and a promotion lock with nothing running are findings', () => {
  const old = parseCarbonio(
    sections({ locks: ['now 1764640000\nlock 0 present 1764632800\nlock 1 missing\nlock 2 missing\n'] }),
    CTX,
    settings,
  );
  const r = assessWith(old);
  assert.deepEqual(
    r.result.findings.map((x) => x.code),
    ['habeat-lock-stale'],
  );
  assert.match(
    r.result.findings[0]!.message,
    /habeat lock file \/var\/tmp\/appserverdown-habeat-appserver on mbox2 is 2 h old \(over 15 min\)/,
  );
  assert.ok(nodeRows(r.b, def).some((x) => x.key === 'carbonio.locks' && x.tone === 'bad' && / STALE/.test(x.text)));

  const leftover = parseCarbonio(
    sections({ locks: ['now 1764640000\nlock 0 missing\nlock 1 present 1764639990\nlock 2 missing\n'] }),
    CTX,
    settings,
  );
  const r2 = assessWith(leftover);
  assert.match(
    r2.result.findings[0]?.message ?? '',
    /promotion lock \/var\/tmp\/appserverprom-habeat-appserver on mbox2 is there but Carbonio runs no operation/,
  );
});

test('a Consul member the witness sees failed is named', () => {
  const f = parseCarbonio(sections({ witness: [fixture('consul-members.json')] }), CTX, settings);
  const r = assessWith(f);
  assert.deepEqual(
    r.result.findings.map((x) => x.message),
    ["Consul on mbox2 sees agent-mbox1-example-com (10.1.10.11) failed: habeat's witness counts it as down"],
  );
});

test('a missing carbonio CLI or a Consul that does not answer: that part unknown with the reason, the others still known', () => {
  const f = parseCarbonio(
    sections({
      accounts: ['', '/opt/zextras/bin/carbonio: command not found\n', 127],
      operations: ['', '/opt/zextras/bin/carbonio: command not found\n', 127],
      witness: ['', "curl: (7) Failed to connect to 127.0.0.1 port 8500 after 0 ms: Couldn't connect to server\n", 7],
    }),
    CTX,
    settings,
  );
  assert.ok(f.known);
  assert.ok(f.value.locks.known);
  assert.deepEqual(f.value.accounts, {
    known: false,
    reason: 'not installed (/opt/zextras/bin/carbonio: command not found)',
    cause: 'not-installed',
  });
  assert.equal(f.value.witness.known, false);
  assert.match(
    f.value.witness.known ? '' : f.value.witness.reason,
    /^Consul does not answer: GET \/v1\/agent\/members failed \(exit 7\): curl: \(7\) Failed to connect/,
  );
  const rows = nodeRows(assessWith(f).b, def).map((x) => `${x.label}: ${x.text}`);
  assert.ok(rows.includes('Replicas: unknown: not installed (/opt/zextras/bin/carbonio: command not found)'), rows.join('\n'));
});

test('output that is not the documented shape is unknown, never guessed', () => {
  const f = parseCarbonio(
    sections({
      accounts: ['{"response":{"values":[{"name":"x"}]}}'],
      operations: ['{"error":"no such command"}'],
      witness: ['{"Name":"x"}'],
    }),
    CTX,
    settings,
  );
  assert.ok(f.known);
  assert.match(f.value.accounts.known ? '' : f.value.accounts.reason, /response\.values\[0\]: accountName is missing/);
  assert.match(f.value.operations.known ? '' : f.value.operations.reason, /no "response" object/);
  assert.match(f.value.witness.known ? '' : f.value.witness.reason, /agent\/members: not a list/);
});
