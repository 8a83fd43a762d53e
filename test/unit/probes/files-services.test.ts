// role files, services, keepalived, backups, sync, vip: the small sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRoleFiles } from '../../../src/probes/parse/role-files.js';
import { parseServices } from '../../../src/probes/parse/services.js';
import { parseKeepalived } from '../../../src/probes/parse/keepalived.js';
import { parseBackups } from '../../../src/probes/parse/backups.js';
import { parseSync, syncDir } from '../../../src/probes/parse/sync.js';
import { parseVip, canonical } from '../../../src/probes/parse/vip.js';
import { parseAsterisk } from '../../../src/probes/parse/asterisk.js';
import { capture, section, CTX } from './fixtures.js';

const ROLE_FILES = { role: '/etc/rapidpro.role', status: '/etc/rapidpro.status' };
const LAB_SERVICES = [
  { name: 'ssh', process: 'sshd' },
  { name: 'postgresql', process: 'postgres' },
  { name: 'redis-server', process: 'redis-server' },
  { name: 'keepalived', process: 'keepalived' },
];

test('role files: lab-a is master/working, lab-b slave/working', () => {
  const a = capture('a-full');
  const b = capture('b-full');
  assert.deepEqual(parseRoleFiles(a.section('role_files'), a.ctx, ROLE_FILES), {
    known: true,
    value: { role: 'master', status: 'working' },
  });
  assert.deepEqual(parseRoleFiles(b.section('role_files'), b.ctx, ROLE_FILES), {
    known: true,
    value: { role: 'slave', status: 'working' },
  });
});

test('role files: an empty file is "", a missing one null; unreadable and garbage are unknown', () => {
  const c = capture('a-missing-things');
  assert.deepEqual(parseRoleFiles(c.section('role_files'), c.ctx, { role: '/dev/null', status: '/etc/rapidpro.status-missing' }), {
    known: true,
    value: { role: '', status: null },
  });
  const unreadable = parseRoleFiles(section('role_files', 'role unreadable\n'), CTX, { role: '/etc/r' });
  assert.deepEqual(unreadable, { known: false, reason: 'the role file /etc/r exists but cannot be read', cause: 'failed' });
  const garbage = parseRoleFiles(section('role_files', 'role present !!notbase64\n'), CTX, { role: '/etc/r' });
  assert.equal(garbage.known, false);
  assert.equal(!garbage.known && garbage.cause, 'unparsable');
  assert.equal(parseRoleFiles(section('role_files', ''), CTX, { role: '/etc/r' }).known, false);
});

test('services without systemd: every lab service found by pgrep, and the method said in the detail', () => {
  const c = capture('a-full');
  const f = parseServices(c.section('services'), c.ctx, LAB_SERVICES);
  assert.ok(f.known);
  assert.deepEqual(
    f.value.map((s) => [s.name, s.active]),
    [
      ['ssh', true],
      ['postgresql', true],
      ['redis-server', true],
      ['keepalived', true],
    ],
  );
  assert.match(f.value[0]!.detail, /^process sshd: \d+ running \(pgrep; systemd is not PID 1\)$/);
});

test('services: keepalived and Redis stopped on lab-b are reported not running', () => {
  const k = capture('b-keepalived-stopped');
  const fk = parseServices(k.section('services'), k.ctx, LAB_SERVICES);
  assert.ok(fk.known);
  assert.deepEqual(
    fk.value.find((s) => s.name === 'keepalived'),
    { name: 'keepalived', active: false, detail: 'process keepalived: not running (pgrep; systemd is not PID 1)' },
  );
  const r = capture('b-redis-stopped');
  const fr = parseServices(r.section('services'), r.ctx, LAB_SERVICES);
  assert.equal(fr.known && fr.value.find((s) => s.name === 'redis-server')!.active, false);
});

test('services: systemctl output, pgrep missing, a service left out, a long process name', () => {
  const sd = parseServices(section('services', 'svc 0 systemctl active\nsvc 1 systemctl failed\n'), CTX, [
    { name: 'ssh' },
    { name: 'postgresql' },
  ]);
  assert.deepEqual(sd, {
    known: true,
    value: [
      { name: 'ssh', active: true, detail: 'systemctl: active' },
      { name: 'postgresql', active: false, detail: 'systemctl: failed' },
    ],
  });
  assert.deepEqual(parseServices(section('services', '', 'pgrep: command not found\n', 127), CTX, LAB_SERVICES), {
    known: false,
    reason: 'not installed (pgrep: command not found)',
    cause: 'not-installed',
  });
  const partial = parseServices(section('services', 'svc 0 pgrep 1\n'), CTX, LAB_SERVICES);
  assert.equal(!partial.known && partial.reason, 'output did not parse: nothing reported for service postgresql');
  const long = parseServices(section('services', 'svc 0 pgrep 2\n'), CTX, [{ name: 'wal', process: 'postgres-wal-sender-x' }]);
  assert.match(long.known ? long.value[0]!.detail : '', /postgres-wal-sender-x \(as postgres-wal-se: the kernel keeps 15 characters\)/);
});

test('keepalived: running with weight 0 on lab-a; stopped on lab-b; a missing release file is null', () => {
  const a = capture('a-full');
  assert.deepEqual(parseKeepalived(a.section('keepalived'), a.ctx, '/etc/keepalived/hapilot-vip.weight'), {
    known: true,
    value: { running: true, release: 0 },
  });
  const b = capture('b-keepalived-stopped');
  assert.deepEqual(parseKeepalived(b.section('keepalived'), b.ctx, '/etc/keepalived/hapilot-vip.weight'), {
    known: true,
    value: { running: false, release: 0 },
  });
  const m = capture('a-missing-things');
  assert.deepEqual(parseKeepalived(m.section('keepalived'), m.ctx, '/etc/keepalived/none.weight'), {
    known: true,
    value: { running: true, release: null },
  });
  const bad = parseKeepalived(section('keepalived', 'processes 2\nweight -100x\n'), CTX, '/w');
  assert.deepEqual(bad, { known: false, reason: 'the release file /w holds "-100x", not a whole number', cause: 'unparsable' });
  assert.deepEqual(parseKeepalived(section('keepalived', 'processes 1\nweight -100\n'), CTX, '/w'), {
    known: true,
    value: { running: true, release: -100 },
  });
});

test("backups: the newest rapidpro dump on lab-a, its size, and an age on the node's own clock", () => {
  const c = capture('a-full');
  const f = parseBackups(c.section('backups'), c.ctx, '/var/backups/rapidpro');
  assert.ok(f.known, JSON.stringify(f));
  assert.ok(f.value.count >= 1);
  assert.match(f.value.latest!.name, /^rapidpro-\d{8}_\d{4}\.sql$/);
  assert.equal(f.value.latest!.bytes, '-- lab dump\n'.length);
  // The lab writes its dump when it comes up; it is minutes old, not days.
  assert.ok(f.value.latest!.ageSeconds >= 0 && f.value.latest!.ageSeconds < 86400, String(f.value.latest!.ageSeconds));
  assert.match(f.value.latest!.modifiedAt, /^\d{4}-\d\d-\d\dT/);
});

test('backups: missing directory, empty directory, odd names, garbage', () => {
  const m = capture('a-missing-things');
  assert.deepEqual(parseBackups(m.section('backups'), m.ctx, '/var/backups/nothere'), {
    known: false,
    reason: 'the backup directory /var/backups/nothere does not exist',
    cause: 'failed',
  });
  assert.deepEqual(parseBackups(section('backups', 'now 100.5\ncount 0\n'), CTX, '/d'), {
    known: true,
    value: { dir: '/d', latest: null, count: 0 },
  });
  const odd = parseBackups(section('backups', 'now 1000.0\ncount 2\nlatest 940.25 7 dump with\nnewline.sql\n'), CTX, '/d');
  assert.deepEqual(odd.known && odd.value.latest, {
    name: 'dump with\nnewline.sql',
    bytes: 7,
    modifiedAt: new Date(940250).toISOString(),
    ageSeconds: 59.75,
  });
  assert.equal(parseBackups(section('backups', 'count lots\n'), CTX, '/d').known, false);
});

test('sync: the lab directory has the same size on both nodes; the hostile missing path says "missing"', () => {
  const a = capture('a-full');
  const b = capture('b-full');
  const paths = a.meta.definition.components.sync!.paths;
  assert.deepEqual(paths, ['/var/lib/labsync', "/var/lib/labsync-missing'; touch /tmp/hapilot-pwned #"]);
  const fa = parseSync(a.sections, a.ctx, paths);
  const fb = parseSync(b.sections, b.ctx, paths);
  assert.ok(fa.known && fb.known);
  assert.ok(fa.value[0]!.bytes! > 3_000_000);
  assert.equal(fa.value[0]!.bytes, fb.value[0]!.bytes);
  assert.deepEqual(fa.value[1], { path: paths[1], bytes: null, problem: 'missing' });
});

test('sync: one path timing out does not hide the others; du errors give no size', () => {
  const sections = new Map([
    ['sync.0', section('sync.0', '', '', 124)],
    ['sync.1', section('sync.1', '4096\t/b\n')],
    ['sync.2', section('sync.2', '123\t/c\n', "du: cannot read directory '/c/x': Permission denied\n", 1)],
  ]);
  const f = parseSync(sections, CTX, ['/a', '/b', '/c', '/d']);
  assert.deepEqual(f, {
    known: true,
    value: [
      { path: '/a', bytes: null, problem: 'timed out after 5 s' },
      { path: '/b', bytes: 4096, subdirs: [] },
      { path: '/c', bytes: null, problem: "du could not read all of it (exit 1: du: cannot read directory '/c/x': Permission denied)" },
      { path: '/d', bytes: null, problem: 'no output for this section: the probe round did not return it' },
    ],
  });
  assert.equal(syncDir(section('sync.0', 'lots\t/x\n'), CTX, '/x').problem, 'output did not parse: "lots\\t/x"');
});

test('vip: lab-a holds 198.18.0.10 on eth0, lab-b does not', () => {
  const a = capture('a-full');
  const b = capture('b-full');
  assert.deepEqual(parseVip(a.section('vip'), a.ctx, { address: '198.18.0.10' }), {
    known: true,
    value: { address: '198.18.0.10', holds: true, interface: 'eth0' },
  });
  assert.deepEqual(parseVip(b.section('vip'), b.ctx, { address: '198.18.0.10' }), {
    known: true,
    value: { address: '198.18.0.10', holds: false, interface: null },
  });
  // 198.18.0.1 is not 198.18.0.11: the address is compared whole, not as a prefix.
  const prefix = parseVip(a.section('vip'), a.ctx, { address: '198.18.0.1' });
  assert.equal(prefix.known && prefix.value.holds, false);
});

test('vip: IPv6 written differently in the definition still matches; ip missing; no addresses', () => {
  const out = '2: eth0    inet6 2001:db8::10/64 scope global \\       valid_lft forever preferred_lft forever\n';
  const f = parseVip(section('vip', out), CTX, { address: '2001:DB8:0:0::10' });
  assert.deepEqual(f, { known: true, value: { address: '2001:DB8:0:0::10', holds: true, interface: 'eth0' } });
  assert.equal(canonical('2001:0db8:0000::0010'), '2001:db8::10');
  assert.deepEqual(parseVip(section('vip', '', 'ip: command not found\n', 127), CTX, { address: '10.0.0.1' }), {
    known: false,
    reason: 'not installed (ip: command not found)',
    cause: 'not-installed',
  });
  assert.equal(parseVip(section('vip', 'Device "eth9" does not exist.\n'), CTX, { address: '10.0.0.1' }).known, false);
});

test('asterisk: not installed on the lab; a section that timed out; its documented summary lines', () => {
  const a = capture('a-full');
  assert.deepEqual(parseAsterisk(a.section('asterisk'), a.ctx), {
    known: false,
    reason: 'not installed (asterisk: command not found)',
    cause: 'not-installed',
  });
  const t = capture('a-section-timeout');
  assert.deepEqual(parseAsterisk(t.section('asterisk'), t.ctx), { known: false, reason: 'timed out after 1 s', cause: 'timed-out' });
  // No Asterisk in the lab: the summary lines as `core show channels` prints them.
  const out =
    'Channel              Location             State   Application(Data)\nPJSIP/101-00000001   s@default:1          Up      Dial(PJSIP/102)\n1 active channel\n1 active call\n14 calls processed\n';
  assert.deepEqual(parseAsterisk(section('asterisk', out), CTX), { known: true, value: { activeChannels: 1, activeCalls: 1 } });
  const down = parseAsterisk(
    section('asterisk', 'Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)\n', '', 1),
    CTX,
  );
  assert.equal(!down.known && down.cause, 'not-running');
  assert.equal(parseAsterisk(section('asterisk', 'No such command\n'), CTX).known, false);
});
