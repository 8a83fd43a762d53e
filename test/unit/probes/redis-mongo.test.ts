// Redis INFO replication and MongoDB rs.status().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRedis } from '../../../src/probes/parse/redis.js';
import { parseMongo, statusFacts } from '../../../src/probes/parse/mongodb.js';
import { capture, fixtureText, section, CTX } from './fixtures.js';

test('Redis on lab-a: master, one replica 198.18.0.12:6379 online, lag in bytes from the same INFO', () => {
  const c = capture('a-full');
  const f = parseRedis(c.section('redis'), c.ctx);
  assert.ok(f.known, JSON.stringify(f));
  const r = f.value;
  assert.equal(r.role, 'master');
  assert.equal(r.connectedReplicas, 1);
  assert.equal(r.replicas.length, 1);
  const rep = r.replicas[0]!;
  assert.equal(rep.ip, '198.18.0.12');
  assert.equal(rep.port, 6379);
  assert.equal(rep.state, 'online');
  assert.equal(rep.lagBytes, r.masterReplOffset - rep.offset);
  assert.ok(rep.lagBytes >= 0);
  assert.equal(r.masterLinkStatus, null);
});

test('Redis on lab-b: replica of 198.18.0.11:6379, link up; its own INFO cannot give lag bytes', () => {
  const c = capture('b-full');
  const f = parseRedis(c.section('redis'), c.ctx);
  assert.ok(f.known, JSON.stringify(f));
  const r = f.value;
  assert.equal(r.role, 'replica');
  assert.equal(r.masterHost, '198.18.0.11');
  assert.equal(r.masterPort, 6379);
  assert.equal(r.masterLinkStatus, 'up');
  assert.ok(r.masterLastIoSecondsAgo !== null && r.masterLastIoSecondsAgo >= 0);
  assert.equal(typeof r.replicaOffset, 'number');
});

test('Redis stopped on lab-b: "Redis is not running" with redis-cli\'s words', () => {
  const c = capture('b-redis-stopped');
  assert.deepEqual(parseRedis(c.section('redis'), c.ctx), {
    known: false,
    reason: 'Redis is not running (Could not connect to Redis at 127.0.0.1:6379: Connection refused)',
    cause: 'not-running',
  });
});

test('Redis unknowns: not installed, password required, link down values, garbage', () => {
  assert.equal(parseRedis(section('redis', '', 'redis-cli: command not found\n', 127), CTX).known, false);
  assert.deepEqual(parseRedis(section('redis', 'NOAUTH Authentication required.\n'), CTX), {
    known: false,
    reason: 'Redis refused the probe (NOAUTH Authentication required.)',
    cause: 'failed',
  });
  const down =
    'role:slave\r\nmaster_host:10.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\nslave_repl_offset:500\r\nconnected_slaves:0\r\nmaster_repl_offset:500\r\n';
  const f = parseRedis(section('redis', down), CTX);
  assert.ok(f.known);
  assert.equal(f.value.masterLinkStatus, 'down');
  assert.equal(f.value.masterLastIoSecondsAgo, null);
  const g = parseRedis(section('redis', '# Replication\r\nrole:sentinel\r\n'), CTX);
  assert.equal(!g.known && g.reason, 'output did not parse: role "sentinel" (expected master or slave)');
  const noOffset = parseRedis(section('redis', 'role:master\r\nconnected_slaves:0\r\n'), CTX);
  assert.equal(!noOffset.known && noOffset.cause, 'unparsable');
});

test('MongoDB (lab stand-in): lab-a PRIMARY; lab-b SECONDARY 1 s behind, syncing from lab-a', () => {
  const b = capture('b-full');
  const f = parseMongo(b.section('mongodb'), b.ctx);
  assert.ok(f.known, JSON.stringify(f));
  assert.equal(f.value.set, 'rs0');
  assert.equal(f.value.myState, 2);
  const [ma, mb] = f.value.members;
  assert.deepEqual([ma!.name, ma!.stateStr, ma!.self, ma!.lagSeconds], ['lab-a:27017', 'PRIMARY', false, null]);
  assert.deepEqual(
    [mb!.name, mb!.stateStr, mb!.self, mb!.lagSeconds, mb!.syncSource],
    ['lab-b:27017', 'SECONDARY', true, 1, 'lab-a:27017'],
  );
  const a = parseMongo(capture('a-full').section('mongodb'), CTX);
  assert.equal(a.known && a.value.myState, 1);
});

test('MongoDB: a member "(not reachable/healthy)" has health 0 and no lag, as mongosh shows no replication info for it', () => {
  const c = capture('a-mongodb-no-network');
  const f = parseMongo(c.section('mongodb'), c.ctx);
  assert.ok(f.known);
  const down = f.value.members.find((m) => m.name === 'lab-b:27017')!;
  assert.equal(down.stateStr, '(not reachable/healthy)');
  assert.equal(down.health, 0);
  assert.equal(down.lagSeconds, null);
});

test('MongoDB with no primary: lag is measured from the freshest member, as mongosh does', () => {
  const c = capture('b-mongodb-no-network');
  const f = parseMongo(c.section('mongodb'), c.ctx);
  assert.ok(f.known);
  const self = f.value.members.find((m) => m.self)!;
  // The peer (1970 optime, health 0) is down; the only healthy member is itself the freshest.
  assert.equal(self.stateStr, 'SECONDARY');
  assert.equal(self.lagSeconds, 0);
});

test('MongoDB: documented replSetGetStatus on a primary: both secondaries 0 s behind m3, syncing from it', () => {
  const f = statusFacts(JSON.parse(fixtureText('mongodb/docs-primary.json')));
  assert.ok(f.known, JSON.stringify(f));
  assert.equal(f.value.set, 'replset');
  assert.deepEqual(
    f.value.members.map((m) => [m.name, m.stateStr, m.health, m.self, m.optimeDate, m.syncSource, m.lagSeconds]),
    [
      ['m1.example.net:27017', 'SECONDARY', 1, false, '2018-05-13T16:36:50.000Z', 'm3.example.net:27017', 0],
      ['m2.example.net:27017', 'SECONDARY', 1, false, '2018-05-13T16:36:50.000Z', 'm3.example.net:27017', 0],
      ['m3.example.net:27017', 'PRIMARY', 1, true, '2018-05-13T16:36:50.000Z', null, null],
    ],
  );
});

test('MongoDB: documented replSetGetStatus on a secondary: m3 0 s, m2 (self) -10 s, exactly what mongosh would print', () => {
  // From m2's view, the primary's optime (heartbeat of 20:33:44) is older than its own (20:33:54):
  // mongosh prints "-10 secs (0 hrs) behind the primary". The fact keeps its number, unrounded.
  const f = statusFacts(JSON.parse(fixtureText('mongodb/docs-secondary.json')));
  assert.ok(f.known);
  assert.deepEqual(
    f.value.members.map((m) => [m.name, m.stateStr, m.lagSeconds]),
    [
      ['m1.example.net:27017', 'PRIMARY', null],
      ['m2.example.net:27017', 'SECONDARY', -10],
      ['m3.example.net:27017', 'SECONDARY', 0],
    ],
  );
  assert.equal(f.value.members[1]!.syncSource, 'm1.example.net:27017');
});

test('MongoDB unknowns: mongod down, not installed, not a replica set, shell noise, garbage', () => {
  const down = capture('b-mongod-down');
  assert.deepEqual(parseMongo(down.section('mongodb'), down.ctx), {
    known: false,
    reason: 'MongoDB is not running (MongoNetworkError: connect ECONNREFUSED 127.0.0.1:27017)',
    cause: 'not-running',
  });
  assert.equal(parseMongo(section('mongodb', '', 'mongosh: command not found\n', 127), CTX).known, false);
  const notRs = parseMongo(section('mongodb', '', 'MongoServerError: no replset config has been received\n', 1), CTX);
  assert.deepEqual(notRs, {
    known: false,
    reason: 'the MongoDB shell failed (exit 1): MongoServerError: no replset config has been received',
    cause: 'failed',
  });
  // A warning line before the document does not matter.
  const noisy = parseMongo(section('mongodb', `Warning: something\n${fixtureText('mongodb/docs-primary.json')}`), CTX);
  assert.equal(noisy.known, true);
  assert.equal(parseMongo(section('mongodb', 'undefined\n'), CTX).known, false);
  const noMembers = statusFacts({ set: 'x', myState: 1, ok: 1 });
  assert.equal(!noMembers.known && noMembers.reason, 'output did not parse: rs.status(): members is not a list');
  const notOk = statusFacts({ ok: 0, errmsg: 'not running with --replSet', code: 76 });
  assert.equal(!notOk.known && notOk.reason, 'rs.status() failed: not running with --replSet');
});
