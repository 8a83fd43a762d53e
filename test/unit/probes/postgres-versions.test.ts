// The probe query for every version from 9.6 to 17, and the parser on its output: captured from
// real PostgreSQL 10, 11, 13, 15 and 17 servers (a primary and a streaming standby each), and for
// 9.6 built from its documentation (test/fixtures/probes/postgres/README.md says how).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { parsePostgres } from '../../../src/probes/parse/postgres.js';
import {
  POSTGRES_PROBE_SQL,
  postgresProbeSql,
  postgresProbeSqlVariants,
  UnsupportedPostgresVersion,
} from '../../../src/probes/postgres-sql.js';
import { majorVersionLabel, majorVersionNum } from '../../../src/probes/postgres-version.js';
import { capture, CTX, fixtureText, section } from './fixtures.js';

const LSN = /^[0-9A-F]+\/[0-9A-F]+$/;

interface Fixture {
  major: string;
  /** The server_version_num the query was built for. */
  num: number;
  name: string;
}
const FIXTURES: Fixture[] = [
  { major: '9.6', num: 90624, name: 'documented-9.6' },
  { major: '10', num: 100000, name: 'captured-10' },
  { major: '11', num: 110000, name: 'captured-11' },
  { major: '13', num: 130000, name: 'captured-13' },
  { major: '15', num: 150000, name: 'captured-15' },
  { major: '17', num: 170000, name: 'captured-17' },
];
// capture.sh's ports and settings.
const primaryPort = (major: string) => 55400 + Number(major.split('.')[0]) * 2;
const checksums = (major: string) => major === '11' || major === '17';

function parsed(name: string) {
  const f = parsePostgres(section('postgres', fixtureText(`postgres/${name}.txt`)), CTX);
  assert.ok(f.known, `${name}: ${JSON.stringify(f)}`);
  return f.value;
}

for (const fx of FIXTURES) {
  test(`PostgreSQL ${fx.major} primary (${fx.name}): version, WAL position, the standby streaming through its slot, the settings`, () => {
    const pg = parsed(`${fx.name}-primary`);
    assert.equal(pg.role, 'primary');
    assert.equal(majorVersionLabel(pg.versionNum!), fx.major);
    assert.ok(pg.version.startsWith(`${fx.major}.`), pg.version);
    assert.equal(pg.timeline, 1);
    assert.match(pg.currentLsn!, LSN);
    assert.deepEqual([pg.receivedLsn, pg.replayedLsn, pg.receiver], [null, null, null]);
    assert.equal(pg.senders.length, 1);
    const s = pg.senders[0]!;
    assert.equal(s.state, 'streaming');
    assert.equal(s.clientAddr, '127.0.0.1');
    // Before 12 a standby connects as "walreceiver"; from 12 its cluster_name is the fallback.
    assert.equal(s.applicationName, Number(fx.num) >= 120000 ? `pg${fx.major}-standby` : 'walreceiver');
    assert.match(s.sentLsn!, LSN);
    assert.match(s.replayLsn!, LSN);
    assert.ok(s.lagBytes !== null && s.lagBytes >= 0);
    // 9.6 has no replay_lag column: always null there.
    if (fx.num < 100000) assert.equal(s.replayLagSeconds, null);
    assert.deepEqual(
      pg.slots.map((x) => [x.name, x.type, x.active]),
      [['standby_slot', 'physical', true]],
    );
    assert.ok(pg.slots[0]!.retainedBytes !== null && pg.slots[0]!.retainedBytes >= 0);
    assert.deepEqual(pg.settings, {
      dataDirectory: `/tmp/hapilot-pg-capture/${fx.major}/primary`,
      configFile: `/tmp/hapilot-pg-capture/${fx.major}/primary/postgresql.conf`,
      hbaFile: `/tmp/hapilot-pg-capture/${fx.major}/primary/pg_hba.conf`,
      clusterName: `pg${fx.major.split('.')[0]}-primary`,
      port: primaryPort(fx.major),
      walLevel: 'replica',
      maxWalSenders: 5,
      maxReplicationSlots: 5,
      hotStandby: true,
      walLogHints: true,
      dataChecksums: checksums(fx.major),
    });
  });

  test(`PostgreSQL ${fx.major} standby (${fx.name}): streaming from 127.0.0.1:${primaryPort(fx.major)} through standby_slot, nothing left to replay`, () => {
    const pg = parsed(`${fx.name}-standby`);
    assert.equal(pg.role, 'standby');
    assert.equal(majorVersionLabel(pg.versionNum!), fx.major);
    assert.equal(pg.timeline, 1);
    assert.equal(pg.currentLsn, null);
    assert.match(pg.receivedLsn!, LSN);
    assert.match(pg.replayedLsn!, LSN);
    assert.equal(pg.replayBacklogBytes, 0);
    assert.equal(pg.replayLagSeconds, 0);
    assert.deepEqual(pg.senders, []);
    assert.deepEqual(pg.slots, []);
    const r = pg.receiver!;
    assert.equal(r.status, 'streaming');
    // Before 11 the host and port come from the receiver's conninfo.
    assert.equal(r.senderHost, '127.0.0.1');
    assert.equal(r.senderPort, primaryPort(fx.major));
    assert.equal(r.slotName, 'standby_slot');
    assert.match(r.receivedLsn!, LSN);
    assert.match(r.lastMessageAt!, /^\d{4}-\d\d-\d\dT/);
    assert.equal(pg.settings!.dataDirectory, `/tmp/hapilot-pg-capture/${fx.major}/standby`);
    assert.equal(pg.settings!.clusterName, `pg${fx.major.split('.')[0]}-standby`);
    assert.equal(pg.settings!.port, primaryPort(fx.major) + 1);
    assert.equal(pg.settings!.hotStandby, true);
    // pg_basebackup copies the primary: checksums are the primary's.
    assert.equal(pg.settings!.dataChecksums, checksums(fx.major));
  });

  test(`the ${fx.name} fixtures were captured with the query the code builds for ${fx.major} (recapture after changing it)`, () => {
    const recorded = fixtureText(`postgres/${fx.name}.sql.sha256`).trim();
    assert.equal(createHash('sha256').update(postgresProbeSql(fx.num)).digest('hex'), recorded);
  });
}

test("the receiver's LSN column by version: received_lsn before 13, written_lsn from 13", () => {
  for (const fx of FIXTURES) {
    const row = fixtureText(`postgres/${fx.name}-standby.txt`)
      .split('\n')
      .find((l) => l.startsWith('receiver\x1f'))!;
    const cols = Object.keys(JSON.parse(row.slice('receiver\x1f'.length)) as object);
    assert.equal(cols.includes('written_lsn'), fx.num >= 130000, fx.name);
    assert.equal(cols.includes('received_lsn'), fx.num < 130000, fx.name);
    // 11 added sender_host to the view; the query adds it from conninfo before.
    assert.ok(cols.includes('sender_host'), fx.name);
    assert.equal(cols.includes('conninfo'), false, `${fx.name}: conninfo (which may hold a password) is never read out`);
  }
});

test('the query for 9.6 uses only 9.6 names: xlog functions, *_location columns, no replay_lag', () => {
  const sql = postgresProbeSql(90624);
  for (const name of [
    'pg_current_xlog_location()',
    'pg_last_xlog_receive_location()',
    'pg_last_xlog_replay_location()',
    'pg_xlog_location_diff(',
    'pg_xlogfile_name(',
    'r.sent_location',
    'r.replay_location',
  ]) {
    assert.ok(sql.includes(name), name);
  }
  assert.doesNotMatch(sql, /pg_current_wal_lsn|pg_last_wal_|pg_wal_lsn_diff|pg_walfile_name|sent_lsn,|r\.replay_lsn|replay_lag\b(?!_)/);
  assert.match(sql, /substring\(w\.conninfo from '\(\?:\^\| \)host=/);
});

test('the query for 10 uses the wal/lsn names and replay_lag, reads the sender from conninfo; from 11 it reads sender_host', () => {
  const ten = postgresProbeSql(100023);
  assert.match(ten, /pg_current_wal_lsn\(\)/);
  assert.match(ten, /extract\(epoch FROM r\.replay_lag\)/);
  assert.match(ten, /w\.conninfo/);
  assert.doesNotMatch(ten, /xlog|_location/);
  for (const num of [110022, 130023, 150018, 170010]) {
    const sql = postgresProbeSql(num);
    assert.doesNotMatch(sql, /conninfo from/, String(num));
    assert.equal(sql, postgresProbeSql(110000), 'one query from 11 on');
  }
  assert.equal(POSTGRES_PROBE_SQL, ten, 'what the section runs until it asks the version: the form for 10 and later');
});

test('one statement, read-only: no semicolon, no statement that writes', () => {
  for (const v of postgresProbeSqlVariants()) {
    assert.equal(v.sql.includes(';'), false);
    assert.doesNotMatch(v.sql, /\b(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|TRUNCATE|COPY|SET|CHECKPOINT|pg_create_|pg_drop_)\b/i);
    assert.match(v.sql, /^WITH pos AS \(/);
  }
});

test('three queries cover 9.6 to 17: from 9.6, from 10, from 11; each the one postgresProbeSql picks', () => {
  const variants = postgresProbeSqlVariants();
  assert.deepEqual(
    variants.map((v) => [v.from, v.below]),
    [
      [90600, 100000],
      [100000, 110000],
      [110000, null],
    ],
  );
  for (const v of variants) assert.equal(postgresProbeSql(v.from), v.sql);
  assert.equal(postgresProbeSql(90624), variants[0]!.sql);
  assert.equal(postgresProbeSql(170010), variants[2]!.sql);
});

test('below 9.6, or not a version number: refused, saying why', () => {
  assert.throws(
    () => postgresProbeSql(90520),
    (e: Error) => e instanceof UnsupportedPostgresVersion && /PostgreSQL 9\.5 is older than 9\.6/.test(e.message),
  );
  assert.throws(() => postgresProbeSql(15), /"15" is not a PostgreSQL server_version_num/);
  assert.throws(() => postgresProbeSql(Number.NaN), UnsupportedPostgresVersion);
});

test('version names: 90624 is 9.6, 110022 is 11; "9.6", "11", PG_VERSION and full versions as numbers', () => {
  assert.deepEqual([90624, 100023, 110022, 170010].map(majorVersionLabel), ['9.6', '10', '11', '17']);
  assert.deepEqual(['9.6', '9.6.24', '11', '11.22', '17\n', '15'].map(majorVersionNum), [90600, 90600, 110000, 110000, 170000, 150000]);
  assert.deepEqual(['9', 'main', '', '6.5'].map(majorVersionNum), [null, null, null, null]);
});

test('captures older than the version and settings fields (the lab rounds): versionNum and settings null, the rest read', () => {
  const c = capture('a-full');
  const f = parsePostgres(c.section('postgres'), c.ctx);
  assert.ok(f.known);
  assert.equal(f.value.versionNum, null);
  assert.equal(f.value.settings, null);
  assert.equal(f.value.role, 'primary');
});

test('a settings field of the wrong type is reported by name', () => {
  const overview = fixtureText('postgres/captured-15-primary.txt').split('\n')[0]!.replace('"port": 55430', '"port": "55430"');
  const f = parsePostgres(section('postgres', `${overview}\n`), CTX);
  assert.equal(!f.known && f.reason, 'output did not parse: overview: port is "55430", expected a number');
});
