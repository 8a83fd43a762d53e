// How PostgreSQL is installed and run on a node, decided from what the node reported: the running
// server's own settings (when it answers), the layout look (programs, pg_lsclusters, systemd
// units, running postmasters, bin and data directories: probes/postgres-layout-script.ts) and
// what the cluster file says. Sites run PostgreSQL in a few ways, and each is started, stopped,
// promoted and reloaded its own way (control.ts):
//   - debian: postgresql-common's pg_ctlcluster VERSION CLUSTER, when pg_lsclusters lists the
//     data directory; it hands over to systemd itself where systemd runs;
//   - systemd: a unit such as postgresql-11 (PGDG, data in /var/lib/pgsql/11/data, binaries in
//     /usr/pgsql-11/bin) or postgresql (RHEL's own packages; SUSE, /var/lib/pgsql/data,
//     /usr/lib/postgresql96/bin), tied to this data directory by its main process or its PGDATA;
//   - pg_ctl: pg_ctl -D DATA as the OS user, when nothing manages the server.
// A fact the decision needs and cannot find is a refusal that says what to name in the cluster
// file, never a guess: starting the wrong server, or one behind systemd's back, is worse.
import type { PostgresLayoutFacts, PostgresSettings, PostgresUnit } from '../../cluster/facts.js';
import { OLDEST_SERVER_VERSION_NUM } from '../../probes/postgres-sql.js';
import { majorVersionLabel, majorVersionNum } from '../../probes/postgres-version.js';
import { PostgresLayoutRefused } from './types.js';

export type PostgresControlKind = 'debian' | 'systemd' | 'pg_ctl';

/** The actions a site may run its own way (the cluster file gives the command as a list of words). */
export type SiteCommands = Partial<Record<'start' | 'stop' | 'promote' | 'reload', readonly string[]>>;

export interface PostgresLayout {
  kind: PostgresControlKind;
  /** The major version as PostgreSQL names it: "9.6", "11", "15". */
  major: string;
  /** server_version_num of the running server, or of the major version's first release (110000). */
  versionNum: number;
  dataDir: string;
  configFile: string;
  hbaFile: string;
  /** Where the bin directory's pg_ctl, pg_rewind, pg_basebackup are. */
  binDir: string;
  osUser: string;
  /** kind debian: the cluster as pg_ctlcluster names it. */
  debianCluster: { version: string; name: string } | null;
  /** kind systemd: the unit. */
  unit: PostgresUnit | null;
  /** Commands the cluster file gives: they replace the layout's own for those actions. */
  siteCommands: SiteCommands;
  /** Debian, PGDG, SUSE, RHEL (distribution packages) or '' (unknown), for the sentences. */
  family: string;
  /** One sentence: what was found and why this way ("Debian layout: pg_ctlcluster 15 main found"). */
  why: string;
  /** Where the configuration is, and how that is known. */
  configWhy: string;
}

export interface PostgresLayoutInput {
  /** The node's name, for the sentences. */
  node: string;
  osUser: string;
  /** What the cluster file says (each may be absent). */
  declared: {
    /** Major version: "15", "9.6". */
    version?: string | null;
    /** Debian cluster name (main). */
    cluster?: string | null;
    dataDir?: string | null;
    binDir?: string | null;
    /** A systemd unit that runs this cluster. */
    service?: string | null;
    /** The site's own commands for some actions (a wrapper script, a cluster manager). */
    commands?: SiteCommands | null;
  };
  /** What the running server said in the probe query; null when it did not answer. */
  server: { versionNum: number | null; settings: PostgresSettings | null } | null;
  /** The layout look. */
  probe: PostgresLayoutFacts;
}

export function decidePostgresLayout(input: PostgresLayoutInput): PostgresLayout {
  const { probe, node } = input;
  const data = dataDirectory(input);
  const version = serverVersion(input, data.dir);
  const major = majorVersionLabel(version.num);
  const debian = debianCluster(probe, data.dir);
  const bin = binDirectory(input, data.dir, major, debian);
  const family = familyOf(bin.dir, debian !== null);
  const where = `${data.dir} (${data.why})`;
  const siteCommands = input.declared.commands ?? {};
  const base = { major, versionNum: version.num, dataDir: data.dir, binDir: bin.dir, osUser: input.osUser, family, siteCommands };

  if (debian && probe.programs.pgCtlcluster) {
    const etc = `/etc/postgresql/${debian.version}/${debian.name}`;
    return {
      ...base,
      kind: 'debian',
      ...configFiles(input, `${etc}/postgresql.conf`, `${etc}/pg_hba.conf`, `postgresql-common keeps it in ${etc}`),
      debianCluster: { version: debian.version, name: debian.name },
      unit: null,
      why: `Debian layout: pg_ctlcluster ${debian.version} ${debian.name} found (pg_lsclusters lists ${where})`,
    };
  }
  const files = configFiles(
    input,
    `${data.dir}/postgresql.conf`,
    `${data.dir}/pg_hba.conf`,
    'postgres -D reads it from the data directory',
  );
  const unit = systemdUnit(input, data.dir);
  if (unit) {
    return {
      ...base,
      kind: 'systemd',
      ...files,
      debianCluster: null,
      unit: unit.unit,
      why: `${family || 'Unit'} layout: systemd unit ${unit.unit.name} runs ${where}: ${unit.why}`,
    };
  }
  const managed = probe.systemd ? 'no postgresql unit of systemd runs this data directory' : `systemd does not run on ${node}`;
  return {
    ...base,
    kind: 'pg_ctl',
    ...files,
    debianCluster: null,
    unit: null,
    why: `${family ? `${family} layout` : 'Plain layout'}: pg_ctl -D ${where} as ${input.osUser}, from ${bin.dir} (${bin.why}); ${managed}, and no pg_ctlcluster lists it`,
  };
}

function refuse(why: string): never {
  throw new PostgresLayoutRefused(why);
}

/** A path without the trailing slash PGDG's unit writes (/var/lib/pgsql/11/data/). */
function normal(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function dataDirectory(input: PostgresLayoutInput): { dir: string; why: string } {
  const { probe, node, declared } = input;
  const settings = input.server?.settings;
  if (settings) {
    const dir = normal(settings.dataDirectory);
    if (declared.dataDir && normal(declared.dataDir) !== dir) {
      refuse(`the cluster file says data_dir ${normal(declared.dataDir)}, the server on ${node} reports ${dir}`);
    }
    return { dir, why: 'the server reports it as data_directory' };
  }
  if (declared.dataDir) {
    const dir = normal(declared.dataDir);
    const seen = probe.dataDirs.find((d) => d.dir === dir);
    if (seen?.state === 'missing') refuse(`data_dir ${dir} in the cluster file does not exist on ${node}`);
    if (seen?.state === 'unreadable') refuse(`data_dir ${dir} on ${node} could not be read: run the probe as root or as ${input.osUser}`);
    if (!seen) refuse(`data_dir ${dir} in the cluster file has no PG_VERSION on ${node}: it is not a PostgreSQL data directory`);
    return { dir, why: 'data_dir in the cluster file' };
  }
  const running = probe.postmasters ?? [];
  if (running.length > 1) {
    refuse(
      `${running.length} PostgreSQL servers run on ${node} (${running.map((p) => p.dataDir ?? `PID ${p.pid}`).join(', ')}): name data_dir in the cluster file`,
    );
  }
  if (running.length === 1 && running[0]!.dataDir) {
    return { dir: normal(running[0]!.dataDir), why: `the running postmaster, PID ${running[0]!.pid}, works there` };
  }
  const listed = (probe.debianClusters ?? []).filter(
    (c) => declared.version && c.version === declared.version && c.name === (declared.cluster ?? 'main'),
  );
  if (listed.length === 1)
    return { dir: normal(listed[0]!.dataDir), why: `pg_lsclusters lists ${listed[0]!.version} ${listed[0]!.name} there` };
  // A unit's PGDATA counts when a data directory of the cluster file's version is there (PGDG
  // ships a unit for each version it installed, initialized or not).
  const said = declared.version ? majorVersionNum(declared.version) : null;
  const byUnit = probe.units.flatMap((u) =>
    unitDataDirs(u, probe.home)
      .filter((dir) => {
        const seen = probe.dataDirs.find((d) => d.dir === dir && d.state === 'present');
        return seen && (said === null || (seen.version !== null && majorVersionNum(seen.version) === said));
      })
      .map((dir) => ({ u, dir })),
  );
  if (byUnit.length === 1) return { dir: byUnit[0]!.dir, why: `PGDATA of ${byUnit[0]!.u.name}` };
  return refuse(`PostgreSQL is stopped on ${node} and nothing says where its data directory is: name data_dir in the cluster file`);
}

function serverVersion(input: PostgresLayoutInput, dataDir: string): { num: number } {
  const { node, declared } = input;
  const pgVersion = input.probe.dataDirs.find((d) => d.dir === dataDir)?.version ?? null;
  const found =
    input.server?.versionNum != null
      ? { num: input.server.versionNum, from: 'the running server' }
      : pgVersion && majorVersionNum(pgVersion) !== null
        ? { num: majorVersionNum(pgVersion)!, from: `${dataDir}/PG_VERSION` }
        : null;
  const said = declared.version ? majorVersionNum(declared.version) : null;
  if (declared.version && said === null)
    refuse(`the cluster file's PostgreSQL version "${declared.version}" is not a version such as 9.6 or 15`);
  if (found && said !== null && majorVersionLabel(found.num) !== majorVersionLabel(said)) {
    refuse(`the cluster file says PostgreSQL ${majorVersionLabel(said)}, ${found.from} on ${node} says ${majorVersionLabel(found.num)}`);
  }
  const num = found?.num ?? said ?? refuse(`the PostgreSQL version on ${node} is not known: name version in the cluster file`);
  if (num < OLDEST_SERVER_VERSION_NUM)
    refuse(`PostgreSQL ${majorVersionLabel(num)} on ${node} is older than 9.6, the oldest hapilot operates`);
  return { num };
}

function debianCluster(probe: PostgresLayoutFacts, dataDir: string) {
  return (probe.debianClusters ?? []).find((c) => normal(c.dataDir) === dataDir) ?? null;
}

function binDirectory(
  input: PostgresLayoutInput,
  dataDir: string,
  major: string,
  debian: { version: string } | null,
): { dir: string; why: string } {
  const { probe, node, declared } = input;
  const pm = (probe.postmasters ?? []).find((p) => p.dataDir !== null && normal(p.dataDir) === dataDir && p.exe);
  if (pm) {
    // A binary replaced by a package upgrade while it runs shows as "PATH (deleted)": the directory stands.
    const exe = pm.exe!.replace(/ \(deleted\)$/, '');
    return { dir: exe.slice(0, exe.lastIndexOf('/')) || '/', why: `the running postmaster, PID ${pm.pid}, is ${exe}` };
  }
  const ofMajor = (version: string) => {
    const n = majorVersionNum(version);
    return n !== null && majorVersionLabel(n) === major;
  };
  if (declared.binDir) {
    const dir = normal(declared.binDir);
    const seen = probe.binDirs.find((b) => b.dir === dir);
    if (!seen) refuse(`bin_dir ${dir} in the cluster file has no pg_ctl on ${node}`);
    if (!ofMajor(seen.version))
      refuse(`bin_dir ${dir} in the cluster file holds PostgreSQL ${seen.version}, the data directory is ${major}`);
    return { dir, why: 'bin_dir in the cluster file' };
  }
  const dirs = [...new Set(probe.binDirs.filter((b) => ofMajor(b.version)).map((b) => b.dir))];
  if (debian) {
    const own = `/usr/lib/postgresql/${debian.version}/bin`;
    if (dirs.includes(own)) return { dir: own, why: "postgresql-common's directory for this version" };
  }
  if (dirs.length === 1) return { dir: dirs[0]!, why: `the only pg_ctl of PostgreSQL ${major} on ${node}` };
  if (dirs.length === 0) {
    const others = probe.binDirs.map((b) => `${b.dir} (${b.version})`).join(', ');
    refuse(`no pg_ctl of PostgreSQL ${major} found on ${node}${others ? ` (found ${others})` : ''}: name bin_dir in the cluster file`);
  }
  return refuse(`several PostgreSQL ${major} bin directories on ${node} (${dirs.join(', ')}): name bin_dir in the cluster file`);
}

/** Where a PostgreSQL of this bin directory comes from, for the sentences. */
function familyOf(binDir: string, debian: boolean): string {
  if (debian || /^\/usr\/lib\/postgresql\/[^/]+\/bin$/.test(binDir)) return 'Debian';
  if (/^\/usr\/pgsql-[^/]+\/bin$/.test(binDir)) return 'PGDG';
  if (/^\/usr\/lib\/postgresql\d+\/bin$/.test(binDir)) return 'SUSE';
  if (binDir === '/usr/bin') return 'RHEL';
  return '';
}

function configFiles(
  input: PostgresLayoutInput,
  configFile: string,
  hbaFile: string,
  because: string,
): { configFile: string; hbaFile: string; configWhy: string } {
  const s = input.server?.settings;
  if (s) return { configFile: s.configFile, hbaFile: s.hbaFile, configWhy: 'the server reports config_file and hba_file' };
  return { configFile, hbaFile, configWhy: `PostgreSQL is not running: ${because}` };
}

/** The data directories a unit names: PGDATA, or POSTGRES_DATADIR of SUSE's sysconfig file. */
export function unitDataDirs(unit: PostgresUnit, home: string | null): string[] {
  const raw = [unit.environment.PGDATA, ...unit.environmentFiles.flatMap((f) => [f.vars.PGDATA, f.vars.POSTGRES_DATADIR])];
  const dirs = raw.flatMap((v) => {
    if (!v) return [];
    if (v.startsWith('~')) {
      // ~postgres/data (SUSE's default): only with the home the probe read, never a guessed one.
      const rest = v.replace(/^~[^/]*/, '');
      return home ? [normal(home + rest)] : [];
    }
    return [normal(v)];
  });
  return [...new Set(dirs)];
}

/** Names of units that run a PostgreSQL server (not exporters, not Debian's umbrella of templates). */
const SERVER_UNIT = /^postgresql(-?\d+(\.\d+)?)?(@[^.]+)?\.service$/;

function systemdUnit(input: PostgresLayoutInput, dataDir: string): { unit: PostgresUnit; why: string } | null {
  const { probe, node, declared } = input;
  if (declared.service) {
    const name = declared.service.endsWith('.service') ? declared.service : `${declared.service}.service`;
    if (!probe.systemd) refuse(`the cluster file names the unit ${name}, but systemd does not run on ${node}`);
    const unit = probe.units.find((u) => u.name === name && u.loadState !== 'not-found');
    if (!unit) refuse(`the cluster file names the unit ${name}, which systemd on ${node} does not know`);
    return { unit, why: 'the cluster file names it' };
  }
  if (!probe.systemd) return null;
  const running = (probe.postmasters ?? []).find((p) => p.dataDir !== null && normal(p.dataDir) === dataDir);
  const candidates = probe.units.filter((u) => SERVER_UNIT.test(u.name) && u.loadState !== 'not-found');
  const tied = candidates.flatMap((u) => {
    if (running && u.mainPid === running.pid) return [{ unit: u, why: `its main process is the postmaster, PID ${running.pid}` }];
    const dirs = unitDataDirs(u, probe.home);
    return dirs.includes(dataDir) ? [{ unit: u, why: `its PGDATA is ${dataDir}` }] : [];
  });
  if (tied.length > 1) {
    refuse(
      `several systemd units on ${node} run ${dataDir} (${tied.map((t) => t.unit.name).join(', ')}): name the service in the cluster file`,
    );
  }
  if (tied.length === 1) return tied[0]!;
  // A unit that names no data directory and runs nothing could be this cluster's: starting the
  // server with pg_ctl then would put it behind systemd's back.
  // Left out: Debian's instance units (pg_lsclusters would have listed this directory) and, where
  // postgresql-common is installed, its postgresql.service, which only starts the instances.
  // The site starts and stops the server its own way: which unit does it is its business.
  if (declared.commands?.start && declared.commands.stop) return null;
  const untied = candidates.filter(
    (u) =>
      unitDataDirs(u, probe.home).length === 0 &&
      u.mainPid === null &&
      !u.name.includes('@') &&
      !(probe.programs.pgCtlcluster && u.name === 'postgresql.service'),
  );
  if (untied.length > 0) {
    refuse(
      `systemd on ${node} has ${untied.map((u) => u.name).join(', ')}, and nothing ties ${untied.length > 1 ? 'them' : 'it'} to ${dataDir} ` +
        '(no PGDATA, not running it): name the service in the cluster file, or start PostgreSQL with it so the probe sees its main process',
    );
  }
  return null;
}
