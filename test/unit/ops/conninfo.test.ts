// Issue 11, item 2: libpq connection strings quoted as libpq reads them, and primary_conninfo
// written in postgresql.auto.conf as PostgreSQL reads a quoted setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { conninfo, conninfoValue } from '../../../src/ops/conninfo.js';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { buildPlan, renderStepCommands } from '../../../src/ops/plan.js';
import { templateValues } from '../../../src/ops/template.js';
import { pgSettingLine } from '../../../src/ops/postgres/standby-config.js';

test('item 2: plain values stay bare; a space, a quote, a backslash or nothing at all is quoted as libpq reads it', () => {
  assert.equal(conninfoValue('198.18.0.11'), '198.18.0.11');
  assert.equal(conninfoValue('lab-b'), 'lab-b');
  assert.equal(conninfoValue('node A'), "'node A'");
  assert.equal(conninfoValue("O'Brien\\x"), "'O\\'Brien\\\\x'");
  assert.equal(conninfoValue(''), "''");
  assert.equal(conninfoValue('a=b'), "'a=b'");
  // An address with its own keywords stays one value: it cannot add sslmode=disable.
  assert.equal(conninfo([['host', '10.0.0.1 sslmode=disable']]), "host='10.0.0.1 sslmode=disable'");
});

test('item 2: a node named "node A" gets application_name quoted in the peer conninfo', () => {
  const def = parseCluster(
    `name: lab\nnodes: { a: { alias: lab-a, name: node A }, b: { alias: lab-b } }\ncomponents:\n  postgres: { version: 15, replication_user: repmgr }\n`,
    '/x/lab.yaml',
  ).def;
  const v = templateValues(
    {
      def,
      nodes: { a: { id: 'a', name: 'node A', address: '198.18.0.11' }, b: { id: 'b', name: 'lab-b', address: '198.18.0.12' } },
      roles: { primary: 'a', standby: 'b' },
      runId: 'r',
      vars: {},
    },
    null,
  );
  assert.equal(v.get('b.conninfo_for_peer'), "host=198.18.0.12 port=5432 user=repmgr application_name='node A' connect_timeout=5");
  assert.equal(v.get('b.conninfo_for_peer_db'), `${v.get('b.conninfo_for_peer')} dbname=postgres`);
});

test("item 2: switchover's and rejoin's scripts write primary_conninfo with both \\ and ' escaped, as PostgreSQL reads it", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-conninfo-'));
  try {
    const def = parseCluster(
      `name: lab\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents:\n  postgres: { version: 15, replication_user: repmgr, os_user: ${userInfo().username}, data_dir: ${dir} }\n`,
      '/x/lab.yaml',
    ).def;
    // Names a cluster file would refuse, given straight to the plan: the script must hold anyway.
    const nodes = {
      a: { id: 'a' as const, name: "node A's \\ one", address: '198.18.0.11' },
      b: { id: 'b' as const, name: "node B's \\ two", address: '198.18.0.12' },
    };
    const roles = { primary: 'a' as const, standby: 'b' as const, basis: 'test' };
    for (const [name, stepId, target] of [
      ['switchover', 'configure-old-primary', 'b'],
      ['rejoin', 'configure', 'a'],
    ] as const) {
      const { procedure } = loadProcedures().get(name)!;
      const plan = buildPlan(procedure, def, nodes, roles);
      const step = plan.steps.find((s) => s.step.id === stepId);
      assert.ok(step, `${name} has a step ${stepId}`);
      const ctx = { def, nodes, roles, runId: 'r', vars: {} };
      const command = renderStepCommands(step, ctx)[0]!.command;
      rmSync(path.join(dir, 'postgresql.auto.conf'), { force: true });
      execFileSync('bash', ['-c', command], { encoding: 'utf8' });
      const written = readFileSync(path.join(dir, 'postgresql.auto.conf'), 'utf8').split('\n')[0];
      const conninfoText = templateValues(ctx, null).get(`${target}.conninfo_for_peer`)!;
      assert.match(conninfoText, /application_name='node [AB]\\'s \\\\ (one|two)'/);
      assert.equal(written, pgSettingLine('primary_conninfo', conninfoText), `${name}: ${stepId}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
