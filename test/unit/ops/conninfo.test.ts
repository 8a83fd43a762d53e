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
import { templateValues } from '../../../src/ops/template.js';
import { pgSettingLine, standbyConfiguration } from '../../../src/ops/postgres/standby-config.js';
import { decidedSite } from '../../support/site.js';
import { shellQuote } from '../../../src/transport/quote.js';

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

test("item 2: the standby configuration the site decides writes primary_conninfo with both \\ and ' escaped, as PostgreSQL reads it", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-conninfo-'));
  try {
    const def = parseCluster(
      `name: lab\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\ncomponents:\n  postgres: { version: 15, replication_user: repmgr }\n`,
      '/x/lab.yaml',
    ).def;
    // Names a cluster file would refuse, given straight to the plan: the script must hold anyway.
    const nodes = {
      a: { id: 'a' as const, name: "node A's \\ one", address: '198.18.0.11' },
      b: { id: 'b' as const, name: "node B's \\ two", address: '198.18.0.12' },
    };
    const site = decidedSite('default', def, nodes, { primary: 'a', standby: 'b' });
    for (const [id, peer] of [
      ['a', 'b'],
      ['b', 'a'],
    ] as const) {
      // What the node needs as a standby of its peer: the peer's address, its own name as application_name.
      const info = conninfo([
        ['host', nodes[peer].address],
        ['port', 5432],
        ['user', 'repmgr'],
        ['application_name', nodes[id].name],
        ['connect_timeout', 5],
      ]);
      assert.match(info, /application_name='node [AB]\\'s \\\\ (one|two)'/);
      const code = site.nodes[id].site!.code['pg.standby_config']!;
      assert.ok(code.includes(shellQuote(pgSettingLine('primary_conninfo', info))), code);
    }
    // The same script shape, run here on a folder: the line written is the setting as PostgreSQL reads it.
    const info = conninfo([['application_name', nodes.a.name]]);
    const script = standbyConfiguration({
      versionNum: 150000,
      dataDir: dir,
      osUser: userInfo().username,
      conninfo: info,
      slot: 'slot_1',
    }).text;
    execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    const written = readFileSync(path.join(dir, 'postgresql.auto.conf'), 'utf8').split('\n')[0];
    assert.equal(written, pgSettingLine('primary_conninfo', info));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
