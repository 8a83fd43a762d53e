// The PostgreSQL layout of a node, decided from the layout look's output, and the commands that
// start, stop, promote and reload PostgreSQL there. The look was captured on the lab (Debian,
// PostgreSQL 15) and in RHEL-like and SUSE-like trees built with real PostgreSQL 11 and 10; the
// systemd cases are documented output (systemd cannot run here), each file named so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PostgresLayoutFacts } from '../../../src/cluster/facts.js';
import { postgresControl, type PostgresAction } from '../../../src/ops/postgres/control.js';
import { decidePostgresLayout, type PostgresLayoutInput } from '../../../src/ops/postgres/layout.js';
import { PostgresLayoutRefused } from '../../../src/ops/postgres/types.js';
import { parsePostgresLayout } from '../../../src/probes/parse/postgres-layout.js';
import { postgresLayoutScript } from '../../../src/probes/postgres-layout-script.js';
import { CTX, fixtureText, section } from '../probes/fixtures.js';

function look(name: string): PostgresLayoutFacts {
  const f = parsePostgresLayout(section('postgres_layout', fixtureText(`postgres/${name}.txt`)), CTX);
  assert.ok(f.known, `${name}: ${JSON.stringify(f)}`);
  return f.value;
}

function decide(name: string, declared: PostgresLayoutInput['declared'] = {}, server: PostgresLayoutInput['server'] = null) {
  return decidePostgresLayout({ node: 'node-b', osUser: 'postgres', declared, server, probe: look(name) });
}

function commands(layout: ReturnType<typeof decide>): Record<PostgresAction, string> {
  const actions: PostgresAction[] = ['start', 'stop', 'promote', 'reload', 'status'];
  return Object.fromEntries(actions.map((a) => [a, postgresControl(layout, a).text])) as Record<PostgresAction, string>;
}

function refused(fn: () => unknown, reason: RegExp): void {
  assert.throws(fn, (e: Error) => e instanceof PostgresLayoutRefused && reason.test(e.message), String(reason));
}

test('the look on lab-a (Debian, PostgreSQL 15 running): pg_ctlcluster, pg_lsclusters online, the postmaster and its directories', () => {
  const f = look('layout-debian-running');
  assert.equal(f.programs.pgCtlcluster, '/usr/bin/pg_ctlcluster');
  assert.equal(f.systemd, false);
  assert.deepEqual(f.units, []);
  assert.deepEqual(f.debianClusters, [
    {
      version: '15',
      name: 'main',
      port: 5432,
      status: 'online',
      owner: 'postgres',
      dataDir: '/var/lib/postgresql/15/main',
      logFile: '/var/log/postgresql/postgresql-15-main.log',
    },
  ]);
  assert.equal(f.postmasters!.length, 1);
  assert.equal(f.postmasters![0]!.exe, '/usr/lib/postgresql/15/bin/postgres');
  assert.equal(f.postmasters![0]!.dataDir, '/var/lib/postgresql/15/main');
  assert.deepEqual(
    f.binDirs.map((b) => b.dir),
    ['/usr/lib/postgresql/15/bin'],
  );
  assert.match(f.binDirs[0]!.version, /^15\.\d+$/);
  assert.deepEqual(f.dataDirs, [
    { dir: '/var/lib/postgresql/15/main', state: 'present', version: '15', postmasterPid: f.postmasters![0]!.pid },
  ]);
});

test('Debian, running: pg_ctlcluster 15 main for every action, configuration in /etc/postgresql/15/main', () => {
  const l = decide('layout-debian-running', { version: '15', cluster: 'main' });
  assert.equal(l.kind, 'debian');
  assert.equal(l.major, '15');
  assert.equal(l.dataDir, '/var/lib/postgresql/15/main');
  assert.equal(l.binDir, '/usr/lib/postgresql/15/bin');
  assert.equal(l.configFile, '/etc/postgresql/15/main/postgresql.conf');
  assert.equal(l.hbaFile, '/etc/postgresql/15/main/pg_hba.conf');
  assert.match(l.why, /^Debian layout: pg_ctlcluster 15 main found \(pg_lsclusters lists \/var\/lib\/postgresql\/15\/main/);
  assert.deepEqual(commands(l), {
    start: 'pg_ctlcluster 15 main start',
    stop: 'pg_ctlcluster 15 main stop -m fast',
    promote: 'pg_ctlcluster 15 main promote',
    reload: 'pg_ctlcluster 15 main reload',
    status: 'pg_ctlcluster 15 main status',
  });
});

test("Debian, running, with the server's own settings: the configuration files are the ones it reports", () => {
  const l = decide(
    'layout-debian-running',
    {},
    {
      versionNum: 150018,
      settings: {
        dataDirectory: '/var/lib/postgresql/15/main',
        configFile: '/etc/postgresql/15/main/postgresql.conf',
        hbaFile: '/etc/postgresql/15/main/hba-site.conf',
        clusterName: 'lab-a',
        port: 5432,
        walLevel: 'replica',
        maxWalSenders: 10,
        maxReplicationSlots: 10,
        hotStandby: true,
        walLogHints: true,
        dataChecksums: false,
      },
    },
  );
  assert.equal(l.versionNum, 150018);
  assert.equal(l.hbaFile, '/etc/postgresql/15/main/hba-site.conf');
  assert.equal(l.configWhy, 'the server reports config_file and hba_file');
});

test('Debian, stopped (lab-b): pg_lsclusters says down; found from the version and cluster the cluster file names', () => {
  const f = look('layout-debian-stopped');
  assert.equal(f.debianClusters![0]!.status, 'down,recovery');
  assert.deepEqual(f.postmasters, []);
  const l = decide('layout-debian-stopped', { version: '15', cluster: 'main' });
  assert.equal(l.kind, 'debian');
  assert.match(l.why, /pg_lsclusters lists 15 main there/);
  assert.match(l.configWhy, /^PostgreSQL is not running: postgresql-common keeps it in \/etc\/postgresql\/15\/main$/);
  refused(
    () => decide('layout-debian-stopped'),
    /^PostgreSQL is stopped on node-b and nothing says where its data directory is: name data_dir in the cluster file$/,
  );
  refused(
    () => decide('layout-debian-stopped', { version: '15', cluster: 'main', dataDir: '/srv/nowhere' }),
    /data_dir \/srv\/nowhere in the cluster file has no PG_VERSION on node-b/,
  );
});

test('PGDG paths without systemd, running (PostgreSQL 11 in /usr/pgsql-11): pg_ctl -D as postgres', () => {
  const f = look('layout-pgdg-running');
  assert.equal(f.programs.pgCtlcluster, null);
  assert.equal(f.debianClusters, null);
  assert.equal(f.home, '/var/lib/pgsql');
  const l = decide('layout-pgdg-running');
  assert.equal(l.kind, 'pg_ctl');
  assert.equal(l.family, 'PGDG');
  assert.equal(l.major, '11');
  assert.equal(l.dataDir, '/var/lib/pgsql/11/data');
  assert.equal(l.binDir, '/usr/pgsql-11/bin');
  assert.equal(l.configFile, '/var/lib/pgsql/11/data/postgresql.conf');
  assert.match(
    l.why,
    /^PGDG layout: pg_ctl -D \/var\/lib\/pgsql\/11\/data \(the running postmaster, PID \d+, works there\) as postgres, from \/usr\/pgsql-11\/bin \(the running postmaster, PID \d+, is \/usr\/pgsql-11\/bin\/postgres\); systemd does not run on node-b, and no pg_ctlcluster lists it$/,
  );
  const pg = 'runuser -u postgres -- /usr/pgsql-11/bin/pg_ctl';
  assert.deepEqual(commands(l), {
    start: `${pg} start -D /var/lib/pgsql/11/data -l /var/lib/pgsql/11/data/hapilot-pg_ctl.log -w -t 120`,
    stop: `${pg} stop -D /var/lib/pgsql/11/data -m fast -w -t 120`,
    promote: `${pg} promote -D /var/lib/pgsql/11/data -w -t 120`,
    reload: `${pg} reload -D /var/lib/pgsql/11/data`,
    status: `${pg} status -D /var/lib/pgsql/11/data`,
  });
});

test('PGDG paths, stopped: decided from data_dir in the cluster file; refused without it, or when the versions disagree', () => {
  const l = decide('layout-pgdg-stopped', { dataDir: '/var/lib/pgsql/11/data/' });
  assert.equal(l.kind, 'pg_ctl');
  assert.equal(l.dataDir, '/var/lib/pgsql/11/data');
  assert.equal(l.binDir, '/usr/pgsql-11/bin');
  assert.match(l.why, /\(data_dir in the cluster file\).*\(the only pg_ctl of PostgreSQL 11 on node-b\)/);
  refused(() => decide('layout-pgdg-stopped'), /nothing says where its data directory is: name data_dir in the cluster file/);
  refused(
    () => decide('layout-pgdg-stopped', { dataDir: '/var/lib/pgsql/11/data', version: '15' }),
    /^the cluster file says PostgreSQL 15, \/var\/lib\/pgsql\/11\/data\/PG_VERSION on node-b says 11$/,
  );
  refused(
    () => decide('layout-pgdg-stopped', { dataDir: '/var/lib/pgsql/11/data', binDir: '/usr/lib/postgresql/15/bin' }),
    /bin_dir \/usr\/lib\/postgresql\/15\/bin in the cluster file has no pg_ctl on node-b/,
  );
});

test("SUSE's paths, running (PostgreSQL 10 in /usr/lib/postgresql10/bin, data in the OS user's home)", () => {
  const l = decide('layout-suse-running');
  assert.equal(l.kind, 'pg_ctl');
  assert.equal(l.family, 'SUSE');
  assert.equal(l.dataDir, '/var/lib/pgsql/data');
  assert.equal(l.binDir, '/usr/lib/postgresql10/bin');
  assert.equal(commands(l).promote, 'runuser -u postgres -- /usr/lib/postgresql10/bin/pg_ctl promote -D /var/lib/pgsql/data -w -t 120');
});

test('PGDG 11 under systemd, running (documented): unit postgresql-11 by its main process; systemctl start/stop, pg_ctl promote', () => {
  const l = decide('documented-layout-pgdg11-systemd-running', { version: '11' });
  assert.equal(l.kind, 'systemd');
  assert.equal(l.unit!.name, 'postgresql-11.service');
  assert.equal(
    l.why,
    'PGDG layout: systemd unit postgresql-11.service runs /var/lib/pgsql/11/data (the running postmaster, PID 1187, works there): its main process is the postmaster, PID 1187',
  );
  const c = commands(l);
  assert.equal(c.start, 'systemctl start postgresql-11.service');
  assert.equal(c.stop, 'systemctl stop postgresql-11.service');
  assert.match(postgresControl(l, 'stop').why, /stops it with SIGINT \(KillSignal\), PostgreSQL's fast shutdown$/);
  assert.equal(c.promote, 'runuser -u postgres -- /usr/pgsql-11/bin/pg_ctl promote -D /var/lib/pgsql/11/data -w -t 120');
  assert.equal(c.reload, 'runuser -u postgres -- /usr/pgsql-11/bin/pg_ctl reload -D /var/lib/pgsql/11/data');
});

test('PGDG 9.6 under systemd, stopped (documented): the unit whose PGDATA is the data directory, not the 11 one; promote does not wait', () => {
  const l = decide('documented-layout-pgdg96-systemd-stopped', { version: '9.6', dataDir: '/var/lib/pgsql/9.6/data' });
  assert.equal(l.kind, 'systemd');
  assert.equal(l.unit!.name, 'postgresql-9.6.service');
  assert.equal(l.binDir, '/usr/pgsql-9.6/bin');
  assert.match(l.why, /: its PGDATA is \/var\/lib\/pgsql\/9\.6\/data$/);
  const stop = postgresControl(l, 'stop');
  assert.equal(stop.text, 'systemctl stop postgresql-9.6.service');
  assert.match(stop.why, /stops it with \/usr\/pgsql-9\.6\/bin\/pg_ctl stop -D \$\{PGDATA\} -s -m fast, a fast shutdown$/);
  const promote = postgresControl(l, 'promote');
  assert.equal(promote.text, 'runuser -u postgres -- /usr/pgsql-9.6/bin/pg_ctl promote -D /var/lib/pgsql/9.6/data');
  assert.match(promote.why, /pg_ctl promote of PostgreSQL 9\.6 does not wait/);
  // Found from the unit alone when the cluster file names no data directory.
  assert.equal(decide('documented-layout-pgdg96-systemd-stopped', { version: '9.6' }).dataDir, '/var/lib/pgsql/9.6/data');
});

test("SUSE 9.6 under systemd, stopped (documented, RapidPro's site): the unit by POSTGRES_DATADIR=~postgres/data; its stop is not known fast", () => {
  const l = decide('documented-layout-suse96-systemd-stopped', { version: '9.6' });
  assert.equal(l.kind, 'systemd');
  assert.equal(l.family, 'SUSE');
  assert.equal(l.dataDir, '/var/lib/pgsql/data');
  assert.equal(l.binDir, '/usr/lib/postgresql96/bin');
  assert.equal(commands(l).start, 'systemctl start postgresql.service');
  const stop = postgresControl(l, 'stop');
  assert.equal(
    stop.text,
    'runuser -u postgres -- /usr/lib/postgresql96/bin/pg_ctl stop -D /var/lib/pgsql/data -m fast -w -t 120\nsystemctl stop postgresql.service',
  );
  assert.match(
    stop.why,
    /postgresql\.service stops it with \/usr\/share\/postgresql\/postgresql-script stop, not known to be a fast shutdown, so pg_ctl stops the server fast first/,
  );
});

test('a unit that nothing ties to the data directory is refused, unless the cluster file names it', () => {
  const probe = look('documented-layout-suse96-systemd-stopped');
  const untied: PostgresLayoutFacts = { ...probe, home: null };
  const input = { node: 'node-b', osUser: 'postgres', server: null, probe: untied };
  refused(
    () => decidePostgresLayout({ ...input, declared: { version: '9.6', dataDir: '/var/lib/pgsql/data' } }),
    /^systemd on node-b has postgresql\.service, and nothing ties it to \/var\/lib\/pgsql\/data \(no PGDATA, not running it\): name the service in the cluster file/,
  );
  const named = decidePostgresLayout({ ...input, declared: { version: '9.6', dataDir: '/var/lib/pgsql/data', service: 'postgresql' } });
  assert.equal(named.unit!.name, 'postgresql.service');
  assert.match(named.why, /: the cluster file names it$/);
  refused(
    () => decidePostgresLayout({ ...input, declared: { version: '9.6', dataDir: '/var/lib/pgsql/data', service: 'postgresql-96' } }),
    /names the unit postgresql-96\.service, which systemd on node-b does not know/,
  );
});

test('a unit that stops with SIGTERM and restarts on a clean exit cannot be stopped fast: refused', () => {
  const probe = look('documented-layout-pgdg11-systemd-running');
  const unit = { ...probe.units[0]!, killSignal: 15, restart: 'always' };
  const l = decidePostgresLayout({ node: 'node-b', osUser: 'postgres', declared: {}, server: null, probe: { ...probe, units: [unit] } });
  refused(() => postgresControl(l, 'stop'), /SIGTERM, PostgreSQL's smart shutdown.*\(Restart=always\): hapilot cannot stop it fast/);
  const noRestart = decidePostgresLayout({
    node: 'node-b',
    osUser: 'postgres',
    declared: {},
    server: null,
    probe: { ...probe, units: [{ ...unit, restart: 'no' }] },
  });
  assert.match(
    postgresControl(noRestart, 'stop').text,
    /pg_ctl stop -D \/var\/lib\/pgsql\/11\/data -m fast -w -t 120\nsystemctl stop postgresql-11\.service$/,
  );
});

test('refusals: two servers running, no pg_ctl of the version, two bin directories of it, a version older than 9.6', () => {
  const base = look('layout-pgdg-running');
  const pm = base.postmasters![0]!;
  const run = (probe: PostgresLayoutFacts, declared: PostgresLayoutInput['declared'] = {}) =>
    decidePostgresLayout({ node: 'node-b', osUser: 'postgres', declared, server: null, probe });
  refused(
    () => run({ ...base, postmasters: [pm, { ...pm, pid: 999, dataDir: '/srv/other' }] }),
    /^2 PostgreSQL servers run on node-b \(\/var\/lib\/pgsql\/11\/data, \/srv\/other\): name data_dir in the cluster file$/,
  );
  const stopped = { ...base, postmasters: [] };
  refused(
    () => run({ ...stopped, binDirs: [{ dir: '/usr/pgsql-13/bin', version: '13.23' }] }, { dataDir: '/var/lib/pgsql/11/data' }),
    /^no pg_ctl of PostgreSQL 11 found on node-b \(found \/usr\/pgsql-13\/bin \(13\.23\)\): name bin_dir in the cluster file$/,
  );
  refused(
    () => run({ ...stopped, binDirs: [...base.binDirs, { dir: '/opt/pg11/bin', version: '11.9' }] }, { dataDir: '/var/lib/pgsql/11/data' }),
    /several PostgreSQL 11 bin directories on node-b \(\/usr\/pgsql-11\/bin, \/opt\/pg11\/bin\)/,
  );
  refused(
    () =>
      run(
        { ...stopped, dataDirs: [{ dir: '/var/lib/pgsql/data', state: 'present', version: '9.2', postmasterPid: null }] },
        { dataDir: '/var/lib/pgsql/data' },
      ),
    /PostgreSQL 9\.2 on node-b is older than 9\.6/,
  );
  refused(
    () => run(stopped, { dataDir: '/var/lib/pgsql/11/data', version: 'eleven' }),
    /version "eleven" is not a version such as 9\.6 or 15/,
  );
});

test('the layout look: lines it does not understand are reported, never skipped', () => {
  const text = fixtureText('postgres/layout-pgdg-running.txt');
  const bad = parsePostgresLayout(section('postgres_layout', `${text}surprise\tline\n`), CTX);
  assert.deepEqual(bad, { known: false, reason: 'output did not parse: unknown line: "surprise\\tline"', cause: 'unparsable' });
  const noSystemd = parsePostgresLayout(section('postgres_layout', 'home\t/x\n'), CTX);
  assert.equal(!noSystemd.known && noSystemd.cause, 'unparsable');
  const failed = parsePostgresLayout(section('postgres_layout', '', 'bash: line 1: getent: command not found\n', 1), CTX);
  assert.equal(!failed.known && failed.cause, 'failed');
  const ls = parsePostgresLayout(section('postgres_layout', 'systemd\tno\nlscluster\t15 main\n'), CTX);
  assert.match(!ls.known ? ls.reason : '', /pg_lsclusters line not understood/);
});

test('the layout look script quotes what the cluster file gives it, and writes, signals or starts nothing', () => {
  const text = postgresLayoutScript({ osUser: 'postgres', dataDir: "/srv/pg data'; rm -rf ~", binDir: '/opt/pg $(id)/bin' });
  assert.match(text, /declared='\/srv\/pg data'\\''; rm -rf ~'/);
  assert.match(text, /bins\+=\('\/opt\/pg \$\(id\)\/bin'\)/);
  const plain = postgresLayoutScript({ osUser: 'postgres' });
  assert.doesNotMatch(plain, /\b(rm|mv|cp|kill|pkill|touch|tee|chown|chmod|mkdir|sed -i|restart|reload|enable|disable)\b/);
  assert.doesNotMatch(plain, /systemctl (start|stop)|pg_ctl"? (start|stop|promote)|pg_ctlcluster [0-9]/);
  assert.doesNotMatch(plain, />\s*[^&/\s]/, 'no redirection into a file (only /dev/null and &1)');
});

test("the cluster file's own commands replace the layout's for those actions, quoted; the rest stays the layout's", () => {
  const probe = look('documented-layout-suse96-systemd-stopped');
  const declared = {
    version: '9.6',
    dataDir: '/var/lib/pgsql/data',
    commands: { start: ['rapidpro-cluster', 'pg-start'], stop: ['rapidpro-cluster', 'pg-stop', '--mode=fast'] },
  };
  // Without the home, nothing ties postgresql.service to the data directory: with the site's own
  // start and stop that no longer matters, and promote and reload go to pg_ctl.
  const l = decidePostgresLayout({ node: 'node-b', osUser: 'postgres', declared, server: null, probe: { ...probe, home: null } });
  assert.equal(l.kind, 'pg_ctl');
  const c = commands(l);
  assert.equal(c.start, 'rapidpro-cluster pg-start');
  assert.equal(c.stop, 'rapidpro-cluster pg-stop --mode=fast');
  assert.match(postgresControl(l, 'start').why, /^the cluster file gives the start command \(otherwise: SUSE layout: pg_ctl -D/);
  assert.equal(c.promote, 'runuser -u postgres -- /usr/lib/postgresql96/bin/pg_ctl promote -D /var/lib/pgsql/data');
  const quoted = decidePostgresLayout({
    node: 'node-b',
    osUser: 'postgres',
    declared: { ...declared, commands: { ...declared.commands, reload: ['/opt/site tools/reload', "it's"] } },
    server: null,
    probe,
  });
  assert.equal(postgresControl(quoted, 'reload').text, "'/opt/site tools/reload' 'it'\\''s'");
});

test('data_dir in the cluster file that is not where the running server works: refused', () => {
  const l = () =>
    decidePostgresLayout({
      node: 'node-b',
      osUser: 'postgres',
      declared: { dataDir: '/var/lib/pgsql/data' },
      server: { versionNum: 110022, settings: { dataDirectory: '/var/lib/pgsql/11/data' } as never },
      probe: look('layout-pgdg-running'),
    });
  refused(l, /^the cluster file says data_dir \/var\/lib\/pgsql\/data, the server on node-b reports \/var\/lib\/pgsql\/11\/data$/);
});
