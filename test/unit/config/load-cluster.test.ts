import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadClusterFile, parseCluster, ClusterFileError } from '../../../src/config/load-cluster.js';
import { REPO } from '../../support/lab.js';

function problems(text: string, file = '/etc/hapilot/site.yaml') {
  try {
    parseCluster(text, file);
  } catch (e) {
    assert.ok(e instanceof ClusterFileError, String(e));
    return e.problems.map((p) => `${p.line}:${p.column} ${p.field} | ${p.message}`);
  }
  assert.fail('expected the file to be rejected');
}

const minimal = `name: x\nnodes:\n  a: { alias: n1 }\n  b: { alias: n2 }\n`;

test('every example in config/ is a valid cluster definition', () => {
  const files = readdirSync(path.join(REPO, 'config')).filter((f) => f.endsWith('.yaml'));
  assert.deepEqual(files.sort(), ['carbonio.yaml', 'omnileads.yaml', 'rapidpro.yaml', 'tvox.yaml', 'wazo.yaml']);
  for (const f of files) {
    const c = loadClusterFile(path.join(REPO, 'config', f));
    assert.ok(c.def.name.length > 0, f);
  }
});

test('defaults fill what a minimal file leaves out', () => {
  const { def } = parseCluster(minimal, '/x/c.yaml');
  assert.equal(def.ssh.command_timeout, 20);
  assert.equal(def.thresholds.lag_bytes, 16 * 1024 * 1024);
  assert.equal(def.thresholds.lag_seconds, 30);
  assert.equal(def.probe.section_timeout, 5);
  assert.deepEqual(def.components, {});
});

test('units: durations and sizes in human form', () => {
  const { def } = parseCluster(
    `${minimal}thresholds:\n  lag_bytes: 64MB\n  lag_seconds: 2m\n  backup_max_age: 1d\n  clock_skew: 500ms\n`,
    '/x/c.yaml',
  );
  assert.equal(def.thresholds.lag_bytes, 64_000_000);
  assert.equal(def.thresholds.lag_seconds, 120);
  assert.equal(def.thresholds.backup_max_age, 86400);
  assert.equal(def.thresholds.clock_skew, 0.5);
});

test('each problem names the line, column and field, and says what was expected', () => {
  const text = [
    'name: x',
    'nodes:',
    '  a:',
    '    alias: lab-a',
    '    hots: foo',
    '  b:',
    '    host: 192.0.2.1',
    '    port: "22x"',
    'vip:',
    '  address: 1.2.3',
    'components:',
    '  postgres:',
    '    version: 15',
    '    prot: 5432',
    'thresholds:',
    '  lag_seconds: 5q',
    '',
  ].join('\n');
  assert.deepEqual(problems(text), [
    '5:5 nodes.a.hots | unknown key "hots"; expected one of: alias, host, port, user, identity, name, sudo, address',
    '8:5 nodes.b.port | expected a number, got the text "22x"',
    '10:3 vip.address | expected an IPv4 or IPv6 address',
    '14:5 components.postgres.prot | unknown key "prot"; expected one of: version, cluster, port, data_dir, bin_dir, service, commands, os_user, database, replication_user, slots, synchronous, independent',
    '16:3 thresholds.lag_seconds | expected a duration such as 500ms, 5s, 2m, 1h or 7d, got "5q"',
  ]);
});

test('the message carries the file name, so an operator can jump to it', () => {
  try {
    parseCluster('name: x\nnodes: {}\n', '/srv/clusters/prod.yaml');
    assert.fail('accepted');
  } catch (e) {
    assert.match(String((e as Error).message), /^\/srv\/clusters\/prod\.yaml: 2 problems/);
    assert.match(String((e as Error).message), /\/srv\/clusters\/prod\.yaml:2:8: nodes\.a: missing; expected a mapping/);
  }
});

test('missing fields, a node with both alias and host, YAML syntax errors, an empty file', () => {
  assert.deepEqual(problems('nodes:\n  a: { alias: n1 }\n  b: { alias: n2 }\n'), ['1:1 name | missing; expected text']);
  assert.deepEqual(problems('name: x\nnodes:\n  a: { alias: n1, host: h }\n  b: { alias: n2 }\n'), [
    '3:3 nodes.a | give either alias (an ssh_config Host) or host, not both and not neither',
  ]);
  const syntax = problems('name: [\n');
  assert.equal(syntax.length, 1);
  assert.match(syntax[0]!, /^\d+:\d+ {2}\| YAML: Flow sequence/);
  assert.deepEqual(problems(''), ['1:1  | the file is empty; expected a cluster definition (see config/*.yaml)']);
  assert.deepEqual(problems('name: x\nname: y\nnodes: {a: {alias: n1}, b: {alias: n2}}\n').length, 1);
});

test('remote paths must be absolute; commands are argument lists', () => {
  assert.deepEqual(problems(`${minimal}components:\n  sync:\n    paths: [relative/dir]\n  mongodb:\n    command: mongosh --quiet\n`), [
    '7:13 components.sync.paths.0 | expected an absolute path on the node (starting with /)',
    '9:5 components.mongodb.command | expected a list, got the text "mongosh --quiet"',
  ]);
});

test('local paths are relative to the cluster file, ~ is the home folder', () => {
  const { def } = parseCluster(
    'name: x\nssh:\n  config: ./ssh_config\nnodes:\n  a: { host: h1, identity: ~/.ssh/id_ed25519 }\n  b: { host: h2, identity: keys/b }\n',
    '/srv/clusters/prod.yaml',
  );
  assert.equal(def.ssh.config, '/srv/clusters/ssh_config');
  assert.equal(def.nodes.a.identity, path.join(process.env.HOME ?? '', '.ssh/id_ed25519'));
  assert.equal(def.nodes.b.identity, '/srv/clusters/keys/b');
});

test('an unreadable file is a clear error, not a stack trace', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-cfg-'));
  assert.throws(() => loadClusterFile(path.join(dir, 'nope.yaml')), /nope\.yaml: cannot read the file: no such file/);
  writeFileSync(path.join(dir, 'ok.yaml'), minimal);
  assert.equal(loadClusterFile(path.join(dir, 'ok.yaml')).file, path.join(dir, 'ok.yaml'));
});
