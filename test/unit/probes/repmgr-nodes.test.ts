// The repmgr section as the persistent session answers it (repmgr's metadata through the open
// psql), parsed from real answers captured on the lab (test/fixtures/probes/repmgr/session-*.out),
// and what the screen and the assessment make of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRepmgrNodes } from '../../../src/probes/parse/repmgr-nodes.js';
import { splitSections } from '../../../src/probes/sections.js';
import { repmgr as repmgrProbe } from '../../../src/probes/components/repmgr.js';
import { repmgr as repmgrRows } from '../../../src/view/rows/repmgr.js';
import { fixtureText, section, CTX } from './fixtures.js';
import { healthyNode, labLikeDefinition as def } from '../../support/facts.js';

function captured(node: 'a' | 'b') {
  const s = splitSections(fixtureText(`repmgr/session-${node}.out`), `capture0${node}repmgr1`).get('repmgr');
  assert.ok(s?.complete, 'the capture has the repmgr section');
  return s;
}

test("repmgr from its metadata: each node's own row says running in cluster show's words, the other's row what is registered", () => {
  const a = parseRepmgrNodes(captured('a'), CTX);
  assert.ok(a.known);
  assert.deepEqual(
    a.value.map((n) => [n.id, n.name, n.role, n.status, n.upstream]),
    [
      [1, 'lab-a', 'primary', '* running', null],
      [2, 'lab-b', 'standby', 'active', 'lab-a'],
    ],
  );
  const b = parseRepmgrNodes(captured('b'), CTX);
  assert.ok(b.known);
  assert.deepEqual(
    b.value.map((n) => [n.name, n.status]),
    [
      ['lab-a', 'active'],
      ['lab-b', 'running'],
    ],
  );
});

test("the component reads either answer: the session's metadata or the per-round script's cluster show table", () => {
  const probe = repmgrProbe.plan({ components: { repmgr: { config: '/etc/repmgr.conf' } } } as never);
  assert.ok(probe);
  const guard = <T>(p: () => T) => p();
  const ctx = { ...CTX, clock: {} } as never;
  const fromSession = probe.read(new Map([['repmgr', captured('a')]]), ctx, guard as never);
  assert.ok(fromSession.known && fromSession.value[1]!.status === 'active');
  const table = fixtureText('repmgr/cluster-show-full.txt');
  const fromTable = probe.read(new Map([['repmgr', section('repmgr', table)]]), ctx, guard as never);
  assert.ok(fromTable.known && fromTable.value[1]!.status === 'running' && fromTable.value[1]!.timeline === 1);
});

test('a node running as something other than it is registered, or registered inactive, is flagged', () => {
  // lab-a's capture with this server in recovery: registered primary, running as a standby.
  const text = captured('a').stdout.replace('recovery\x1ffalse', 'recovery\x1ftrue');
  const f = parseRepmgrNodes(section('repmgr', text), CTX);
  assert.ok(f.known);
  assert.equal(f.value[0]!.status, '! running as standby');
  const inactive = captured('b').stdout.replace(
    '"lab-a", "type" : "primary", "active" : true',
    '"lab-a", "type" : "primary", "active" : false',
  );
  const g = parseRepmgrNodes(section('repmgr', inactive), CTX);
  assert.ok(g.known);
  assert.equal(g.value[0]!.status, '- inactive');
});

test("the repmgr row is calm when each node's own row runs and the other is registered active, in warning colours when one is inactive", () => {
  const rowOf = (fact: ReturnType<typeof parseRepmgrNodes>) => repmgrRows.rowsOf({ ...healthyNode('b', 'standby'), repmgr: fact }, def)[0]!;
  const calm = rowOf(parseRepmgrNodes(captured('b'), CTX));
  assert.equal(calm.text, 'lab-a primary active · lab-b standby running');
  assert.equal(calm.tone, 'ok');
  const inactive = captured('b').stdout.replace('"type" : "primary", "active" : true', '"type" : "primary", "active" : false');
  assert.equal(rowOf(parseRepmgrNodes(section('repmgr', inactive), CTX)).tone, 'warn');
});

test('failures say what failed: psql could not connect to the database, the table is not there, the config', () => {
  const noDb = parseRepmgrNodes(
    section(
      'repmgr',
      'local\x1f1\n',
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "repmgr" does not exist\n',
      2,
    ),
    CTX,
  );
  assert.deepEqual(noDb, {
    known: false,
    reason:
      'could not connect to repmgr\'s database (exit 2): psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "repmgr" does not exist',
    cause: 'failed',
  });
  const noTable = parseRepmgrNodes(
    section('repmgr', 'local\x1f1\n', 'ERROR:  relation "repmgr.nodes" does not exist\nLINE 3: ...\n', 1),
    CTX,
  );
  assert.ok(
    !noTable.known && /reading repmgr's metadata failed \(exit 1\): ERROR: {2}relation "repmgr.nodes" does not exist/.test(noTable.reason),
  );
  const garbled = parseRepmgrNodes(section('repmgr', 'local\x1f1\nnode\x1f{"id":"x"}\nrecovery\x1ffalse\n'), CTX);
  assert.ok(!garbled.known && garbled.cause === 'unparsable');
  const noId = parseRepmgrNodes(section('repmgr', 'recovery\x1ffalse\n'), CTX);
  assert.ok(!noId.known && noId.cause === 'unparsable');
});
