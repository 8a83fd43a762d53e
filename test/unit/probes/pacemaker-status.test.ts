// Pacemaker in the status (components.pacemaker): crm_mon's XML captured on the lab's pacemaker
// profile (Pacemaker 2.1.5, test/fixtures/probes/pacemaker/), parsed, judged and shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assess } from '../../../src/cluster/assessment.js';
import { known, type NodeFacts } from '../../../src/cluster/facts.js';
import type { PacemakerStatus } from '../../../src/cluster/facts/pacemaker.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { parsePacemakerStatus } from '../../../src/probes/parse/pacemaker.js';
import { nodeRows } from '../../../src/view/node-rows.js';
import { NOW, healthyPair, labLikeDefinition, reachable } from '../../support/facts.js';
import { CTX, fixtureText, section } from './fixtures.js';

const crmMon = (name: string) => parsePacemakerStatus(section('pacemaker', fixtureText(`pacemaker/${name}.xml`)), CTX);
const status = (name: string): PacemakerStatus => {
  const f = crmMon(name);
  assert.ok(f.known, f.known ? '' : f.reason);
  return f.value;
};

const def = { ...labLikeDefinition, components: { ...labLikeDefinition.components, pacemaker: {} } };

function judged(s: PacemakerStatus, d = def) {
  const p = healthyPair();
  p.a.pacemaker = known(s);
  p.b.pacemaker = known(s);
  return { pair: p, a: assess({ nodes: { a: reachable(p.a), b: reachable(p.b) } }, d, NOW) };
}

const rowsOf = (f: NodeFacts, d = def) => nodeRows(f, d).filter((r) => r.key.startsWith('pacemaker'));

test('healthy: both nodes online, the IPaddr2 resource vip on lab-a, no failed action; nothing to report', () => {
  const s = status('crm-mon-healthy');
  assert.deepEqual(
    s.nodes.map((n) => [n.name, n.online, n.standby, n.maintenance]),
    [
      ['lab-a', true, false, false],
      ['lab-b', true, false, false],
    ],
  );
  assert.deepEqual(s.resources, [
    { id: 'vip', agent: 'ocf:heartbeat:IPaddr2', role: 'Started', active: true, managed: true, failed: false, nodes: ['lab-a'] },
  ]);
  assert.deepEqual(s.failures, []);
  const { pair, a } = judged(s);
  assert.equal(a.verdict, 'healthy', JSON.stringify(a.findings));
  assert.deepEqual(
    rowsOf(pair.a).map((r) => [r.label, r.text, r.tone]),
    [
      ['Pacemaker', 'lab-a online · lab-b online', 'ok'],
      ['  VIP resource', 'vip on lab-a', 'ok'],
    ],
  );
});

test('lab-b in standby: degraded, said once (both nodes report it), about lab-b, with the command that ends it', () => {
  const { pair, a } = judged(status('crm-mon-lab-b-standby'));
  assert.equal(a.verdict, 'degraded');
  const f = a.findings.filter((x) => x.code === 'pacemaker-node-standby');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.node, 'b');
  assert.match(f[0]!.message, /lab-b is in standby: it runs no resource and cannot take the VIP/);
  assert.match(f[0]!.advice ?? '', /crm node online lab-b/);
  assert.deepEqual(rowsOf(pair.b)[0], { key: 'pacemaker', label: 'Pacemaker', text: 'lab-a online · lab-b online standby', tone: 'warn' });
});

test('lab-b in maintenance: degraded, Pacemaker leaves its resources alone', () => {
  const { a } = judged(status('crm-mon-lab-b-maintenance'));
  assert.deepEqual(
    a.findings.map((x) => x.code),
    ['pacemaker-node-maintenance'],
  );
  assert.match(a.findings[0]!.message, /lab-b is in maintenance: Pacemaker neither moves nor restarts its resources/);
});

test('a failed action (crm_resource --fail on lab-b): degraded, the resource named in the cleanup advice, shown in the pane', () => {
  const s = status('crm-mon-failed-action');
  assert.deepEqual(s.failures, [{ opKey: 'vip_asyncmon_0', node: 'lab-b', status: 'complete', exitReason: 'Simulated failure' }]);
  const { pair, a } = judged(s);
  assert.equal(a.verdict, 'degraded');
  const f = a.findings.filter((x) => x.code === 'pacemaker-failed-action');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.message, 'Pacemaker remembers a failed action: vip_asyncmon_0 on lab-b (Simulated failure)');
  assert.match(f[0]!.advice ?? '', /crm resource cleanup vip \(or pcs resource cleanup vip\)/);
  assert.deepEqual(rowsOf(pair.a).at(-1), {
    key: 'pacemaker.failed.0',
    label: '  failed',
    text: 'vip_asyncmon_0 on lab-b: Simulated failure',
    tone: 'warn',
  });
});

test('the VIP resource stopped is critical; a resource named in the cluster file that crm_mon lacks is said', () => {
  const s = status('crm-mon-healthy');
  const stopped = { ...s, resources: [{ ...s.resources[0]!, active: false, role: 'Stopped', nodes: [] }] };
  const { pair, a } = judged(stopped);
  assert.equal(a.verdict, 'critical');
  assert.ok(a.findings.some((x) => x.code === 'pacemaker-vip-resource' && /vip runs nowhere/.test(x.message)));
  assert.equal(rowsOf(pair.a)[1]!.text, 'vip not running');
  const named = { ...def, components: { ...def.components, pacemaker: { resource: 'cluster-ip' } } };
  const other = judged(s, named).a.findings.filter((x) => x.code === 'pacemaker-vip-resource');
  assert.match(other[0]!.message, /no resource cluster-ip \(components\.pacemaker\.resource\) in crm_mon/);
});

test('crm_mon missing or failing: unknown with the reason; a DOCTYPE is refused', () => {
  const missing = parsePacemakerStatus(section('pacemaker', '', 'crm_mon: command not found\n', 127), CTX);
  assert.equal(missing.known, false);
  assert.equal(!missing.known && missing.cause, 'not-installed');
  const refused = parsePacemakerStatus(section('pacemaker', '<!DOCTYPE x [<!ENTITY a "b">]><pacemaker-result/>'), CTX);
  assert.ok(!refused.known && /DOCTYPE/.test(refused.reason));
});

test('the cluster file accepts components.pacemaker with a resource name, and refuses other keys', () => {
  const yaml = (body: string) => `name: x\nnodes:\n  a: { host: a }\n  b: { host: b }\ncomponents:\n  pacemaker: ${body}\n`;
  assert.equal(parseCluster(yaml('{ resource: vip }'), 'x.yaml').def.components.pacemaker?.resource, 'vip');
  assert.throws(() => parseCluster(yaml('{ resurce: vip }'), 'x.yaml'));
});
