import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { renderCommand, renderScript, templateValues, TemplateError, type TemplateContext } from '../../../src/ops/template.js';
import { parseCluster } from '../../../src/config/load-cluster.js';

const def = parseCluster(
  `name: lab
nodes: { a: { alias: lab-a }, b: { alias: lab-b } }
components:
  postgres: { version: 15, replication_user: repmgr, slots: { a: repmgr_slot_1, b: repmgr_slot_2 } }
  redis: {}
`,
  '/x/lab.yaml',
).def;

function ctx(over: Partial<TemplateContext> = {}): TemplateContext {
  return {
    def,
    nodes: { a: { id: 'a', name: 'lab-a', address: '198.18.0.11' }, b: { id: 'b', name: 'lab-b', address: '198.18.0.12' } },
    roles: { primary: 'a', standby: 'b' },
    runId: 'run-1',
    vars: {},
    ...over,
  };
}

test('roles, nodes and cluster settings resolve; self and peer follow the node a command runs on', () => {
  const v = templateValues(ctx(), 'b');
  assert.equal(v.get('primary.address'), '198.18.0.11');
  assert.equal(v.get('standby.slot'), 'repmgr_slot_2');
  assert.equal(v.get('self.name'), 'lab-b');
  assert.equal(v.get('peer.name'), 'lab-a');
  assert.equal(v.get('postgres.data_dir'), '/var/lib/postgresql/15/main');
  assert.equal(v.get('primary.conninfo_for_peer'), 'host=198.18.0.11 port=5432 user=repmgr application_name=lab-b connect_timeout=5');
});

test('a command list quotes each argument whole', () => {
  assert.equal(
    renderCommand(['pg_ctlcluster', '{{postgres.version}}', '{{postgres.cluster}}', 'stop', '-m', 'fast'], templateValues(ctx(), null)),
    'pg_ctlcluster 15 main stop -m fast',
  );
  assert.equal(renderCommand(['echo', 'node {{primary.name}}'], templateValues(ctx(), null)), "echo 'node lab-a'");
});

test('hostile values stay one word of data in a script, as bash sees it', () => {
  const hostile = ["it's", '; rm -rf / #', '$(touch /tmp/hapilot-pwned)', '`id`', 'a\nb', '*', '-n', ''];
  for (const value of hostile) {
    const script = renderScript('printf "%s|" {{vars.x}}', templateValues(ctx({ vars: { x: value } }), null));
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    assert.equal(out, `${value}|`, `value ${JSON.stringify(value)} -> script ${script}`);
  }
});

test('an unknown placeholder is an error that names it', () => {
  assert.throws(
    () => renderScript('echo {{vip.address}}', templateValues(ctx(), null)),
    (e: unknown) => e instanceof TemplateError && /unknown value \{\{vip\.address\}\}/.test(e.message),
  );
});

test("a node's site values: found values win over the file's defaults, shell code goes in a script as it is, never in a command list", () => {
  const site = {
    values: { 'postgres.data_dir': '/var/lib/pgsql/15/data' },
    code: { 'pg.stop': "runuser -u postgres -- /usr/pgsql-15/bin/pg_ctl stop -D '/srv/my data' -m fast" },
    refused: { 'vip_move.command': 'VIP: the VIP 10.1.2.3 is in no vrrp_instance on lab-a' },
  };
  const c = ctx({
    nodes: {
      a: { id: 'a', name: 'lab-a', address: '198.18.0.11', site },
      b: { id: 'b', name: 'lab-b', address: '198.18.0.12' },
    },
  });
  assert.equal(renderScript('ls {{postgres.data_dir}}', templateValues(c, 'a')), 'ls /var/lib/pgsql/15/data');
  assert.equal(renderScript('ls {{postgres.data_dir}}', templateValues(c, 'b')), 'ls /var/lib/postgresql/15/main');
  assert.equal(
    renderScript('set -eu\n{{pg.stop}}', templateValues(c, 'a')),
    "set -eu\nrunuser -u postgres -- /usr/pgsql-15/bin/pg_ctl stop -D '/srv/my data' -m fast",
  );
  assert.throws(
    () => renderCommand(['sh', '-c', '{{pg.stop}}'], templateValues(c, 'a')),
    (e: unknown) => e instanceof TemplateError && /\{\{pg\.stop\}\} is a shell script: use it in a step's script/.test(e.message),
  );
  assert.throws(
    () => renderScript('{{vip_move.command}}', templateValues(c, 'a')),
    /\{\{vip_move\.command\}\} cannot be decided: VIP: the VIP 10\.1\.2\.3 is in no vrrp_instance on lab-a/,
  );
});
