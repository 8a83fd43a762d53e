// PostgreSQL and repmgr sections, on real output from the lab's PostgreSQL 15 and repmgr 5.3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePostgres } from '../../../src/probes/parse/postgres.js';
import { parseRepmgr } from '../../../src/probes/parse/repmgr.js';
import { capture, fixtureText, section, CTX } from './fixtures.js';

const LSN = /^[0-9A-F]+\/[0-9A-F]+$/;

test('lab-a is the primary: timeline 1, its WAL position, lab-b streaming from it, slot repmgr_slot_2 active', () => {
  const c = capture('a-full');
  const f = parsePostgres(c.section('postgres'), c.ctx);
  assert.ok(f.known, JSON.stringify(f));
  const pg = f.value;
  assert.equal(pg.role, 'primary');
  assert.match(pg.version, /^15\.\d+ /);
  assert.equal(pg.timeline, 1);
  assert.match(pg.currentLsn!, LSN);
  assert.equal(pg.receivedLsn, null);
  assert.equal(pg.replayedLsn, null);
  assert.equal(pg.replayBacklogBytes, null);
  assert.equal(pg.replayLagSeconds, null);
  assert.equal(pg.receiver, null);
  assert.equal(pg.senders.length, 1);
  const s = pg.senders[0]!;
  assert.equal(s.applicationName, 'lab-b');
  assert.equal(s.clientAddr, '198.18.0.12');
  assert.equal(s.state, 'streaming');
  assert.equal(s.syncState, 'async');
  assert.match(s.replayLsn!, LSN);
  assert.equal(typeof s.lagBytes, 'number');
  assert.ok(s.lagBytes! >= 0);
  // An idle link has no replay_lag measure: null, not 0.
  assert.ok(s.replayLagSeconds === null || s.replayLagSeconds >= 0);
  assert.deepEqual(
    pg.slots.map((x) => [x.name, x.type, x.active]),
    [['repmgr_slot_2', 'physical', true]],
  );
  assert.equal(typeof pg.slots[0]!.retainedBytes, 'number');
});

test('lab-b is a hot standby streaming from 198.18.0.11:5432 through repmgr_slot_2, nothing left to replay', () => {
  const c = capture('b-full');
  const f = parsePostgres(c.section('postgres'), c.ctx);
  assert.ok(f.known, JSON.stringify(f));
  const pg = f.value;
  assert.equal(pg.role, 'standby');
  assert.equal(pg.timeline, 1);
  assert.equal(pg.currentLsn, null);
  assert.match(pg.receivedLsn!, LSN);
  assert.match(pg.replayedLsn!, LSN);
  // Captured just after lab-b's PostgreSQL restarted: pg_last_wal_receive_lsn() (0/3000000) is
  // behind what was replayed from local WAL. Everything received is replayed: 0 and 0.
  assert.equal(pg.replayBacklogBytes, 0);
  assert.equal(pg.replayLagSeconds, 0);
  assert.deepEqual(pg.senders, []);
  assert.deepEqual(pg.slots, []);
  assert.equal(pg.receiver!.status, 'streaming');
  assert.equal(pg.receiver!.senderHost, '198.18.0.11');
  assert.equal(pg.receiver!.senderPort, 5432);
  assert.equal(pg.receiver!.slotName, 'repmgr_slot_2');
  // The latest WAL received is written_lsn (flushed_lsn still shows the start position).
  assert.equal(pg.receiver!.receivedLsn, pg.replayedLsn);
  assert.match(pg.receiver!.lastMessageAt!, /^\d{4}-\d\d-\d\dT/);
});

test('lab-a while lab-b is stopped: no sender, the slot inactive', () => {
  const c = capture('a-peer-postgres-stopped');
  const f = parsePostgres(c.section('postgres'), c.ctx);
  assert.ok(f.known);
  assert.deepEqual(f.value.senders, []);
  assert.equal(f.value.slots[0]!.name, 'repmgr_slot_2');
  assert.equal(f.value.slots[0]!.active, false);
});

test('PostgreSQL stopped on lab-b: unknown, "not running", with psql\'s own words about the socket', () => {
  const c = capture('b-postgres-stopped');
  assert.deepEqual(parsePostgres(c.section('postgres'), c.ctx), {
    known: false,
    reason:
      'PostgreSQL is not running (psql: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: No such file or directory)',
    cause: 'not-running',
  });
});

test('PostgreSQL unknowns: not installed, timed out, a failed query, another connection error, garbage', () => {
  assert.deepEqual(parsePostgres(section('postgres', '', 'psql: command not found\n', 127), CTX), {
    known: false,
    reason: 'not installed (psql: command not found)',
    cause: 'not-installed',
  });
  assert.deepEqual(parsePostgres(section('postgres', '', '', 124), { sectionTimeout: 5 }), {
    known: false,
    reason: 'timed out after 5 s',
    cause: 'timed-out',
  });
  const q = parsePostgres(section('postgres', '', 'ERROR:  column "flushed_lsn" does not exist\nLINE 3: ...\n', 3), CTX);
  assert.match(!q.known ? q.reason : '', /^the probe query failed \(exit 3: ERROR: {2}column "flushed_lsn" does not exist/);
  const auth = parsePostgres(
    section(
      'postgres',
      '',
      'psql: error: connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  role "postgres" does not exist\n',
      2,
    ),
    CTX,
  );
  assert.equal(!auth.known && auth.cause, 'failed');
  assert.match(!auth.known ? auth.reason : '', /^psql could not connect \(psql: connection to server .* role "postgres" does not exist\)$/);
  const g = parsePostgres(section('postgres', 'overview|{"in_recovery": false}\n'), CTX);
  assert.equal(!g.known && g.cause, 'unparsable');
  const noOverview = parsePostgres(section('postgres', ''), CTX);
  assert.equal(!noOverview.known && noOverview.reason, 'output did not parse: expected one overview row, got 0');
});

test('PostgreSQL rows: NULL stays null, an empty string stays "", a wrong type is reported by field', () => {
  // The real primary overview row, with a sender row whose client_addr is NULL (a sender over the
  // local socket) and whose application_name is empty.
  const overview = capture('a-full').section('postgres').stdout.split('\n')[0]!;
  const sender =
    'sender\x1f{"state": "streaming", "sent_lsn": "0/5000000", "lag_bytes": 16777216, "replay_lsn": "0/4000000", "sync_state": "async", "client_addr": null, "application_name": "", "replay_lag_seconds": 1.25}';
  const f = parsePostgres(section('postgres', `${overview}\n${sender}\n`), CTX);
  assert.ok(f.known);
  assert.deepEqual(f.value.senders[0], {
    applicationName: '',
    clientAddr: null,
    state: 'streaming',
    syncState: 'async',
    sentLsn: '0/5000000',
    replayLsn: '0/4000000',
    lagBytes: 16777216,
    replayLagSeconds: 1.25,
  });
  const bad = parsePostgres(
    section('postgres', `${overview}\nslot\x1f{"slot_name": "s", "slot_type": "physical", "active": "yes", "retained_bytes": 0}\n`),
    CTX,
  );
  assert.equal(!bad.known && bad.reason, 'output did not parse: pg_replication_slots: active is "yes", expected true or false');
});

test('repmgr on both nodes: lab-a primary "* running", lab-b standby running with upstream lab-a, timeline 1', () => {
  for (const name of ['a-full', 'b-full']) {
    const c = capture(name);
    assert.deepEqual(parseRepmgr(c.section('repmgr'), c.ctx), {
      known: true,
      value: [
        { id: 1, name: 'lab-a', role: 'primary', status: '* running', upstream: null, timeline: 1 },
        { id: 2, name: 'lab-b', role: 'standby', status: 'running', upstream: 'lab-a', timeline: 1 },
      ],
    });
  }
});

test('repmgr from lab-a while lab-b\'s PostgreSQL is stopped: lab-b "? unreachable", no timeline (repmgr exits 25)', () => {
  const c = capture('a-peer-postgres-stopped');
  assert.equal(c.section('repmgr').exitCode, 25);
  const f = parseRepmgr(c.section('repmgr'), c.ctx);
  assert.ok(f.known);
  assert.deepEqual(f.value[1], { id: 2, name: 'lab-b', role: 'standby', status: '? unreachable', upstream: '? lab-a', timeline: null });
});

test("repmgr on lab-b with its PostgreSQL stopped: unknown with repmgr's error", () => {
  const c = capture('b-postgres-stopped');
  const f = parseRepmgr(c.section('repmgr'), c.ctx);
  assert.deepEqual(f, {
    known: false,
    reason:
      'repmgr cluster show failed (exit 6): ERROR: connection to database failed: connection to server at "198.18.0.12", port 5432 failed: Connection refused',
    cause: 'failed',
  });
});

test('repmgr: the full table (Priority, Timeline, Connection string) parses the same; unknown paths', () => {
  const f = parseRepmgr(section('repmgr', fixtureText('repmgr/cluster-show-full.txt')), CTX);
  assert.ok(f.known);
  assert.deepEqual(
    f.value.map((n) => [n.name, n.role, n.status, n.upstream, n.timeline]),
    [
      ['lab-a', 'primary', '* running', null, 1],
      ['lab-b', 'standby', 'running', 'lab-a', 1],
    ],
  );
  assert.equal(parseRepmgr(section('repmgr', '', 'repmgr: command not found\n', 127), CTX).known, false);
  const g = parseRepmgr(section('repmgr', 'hello\n'), CTX);
  assert.equal(!g.known && g.cause, 'unparsable');
  const ragged = parseRepmgr(section('repmgr', ' ID | Name | Role | Status | Upstream\n----+--\n 1 | a | primary\n'), CTX);
  assert.match(!ragged.known ? ragged.reason : '', /has 3 columns, the header 5/);
});
