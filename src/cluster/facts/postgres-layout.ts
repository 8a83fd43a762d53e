// How PostgreSQL is installed and run on a node, read while it may be stopped (the probe's layout
// look, probes/postgres-layout-script.ts). Not a component of its own: ops/postgres/layout.ts
// decides from it how to start, stop, promote and reload PostgreSQL there.

/** A line of Debian's pg_lsclusters. */
export interface DebianCluster {
  version: string;
  name: string;
  port: number;
  /** online, down, "online,recovery" ... as pg_lsclusters prints it. */
  status: string;
  owner: string;
  dataDir: string;
  logFile: string;
}

/** A systemd unit named postgresql*, as `systemctl show` reports it. */
export interface PostgresUnit {
  name: string;
  loadState: string;
  activeState: string;
  unitFileState: string;
  /** The unit's main process (null: none). */
  mainPid: number | null;
  /** Environment= of the unit (PGDATA, PGPORT ...). */
  environment: Readonly<Record<string, string>>;
  /** EnvironmentFile= paths, and what the probe read there (PGDATA, POSTGRES_DATADIR). */
  environmentFiles: { path: string; vars: Readonly<Record<string, string>> }[];
  /** ExecStop's command line, words as systemd shows them; null when the unit has none. */
  execStop: string[] | null;
  /** KillSignal as a number (2 = SIGINT, 15 = SIGTERM). */
  killSignal: number | null;
  /** Restart= (no, on-failure, always ...). */
  restart: string;
}

/** A running postmaster: the process whose postmaster.pid names it. */
export interface Postmaster {
  pid: number;
  user: string;
  /** /proc/PID/exe: the binary it runs (its directory is the bin directory). */
  exe: string | null;
  /** /proc/PID/cwd: PostgreSQL changes to its data directory at start. */
  dataDir: string | null;
}

/**
 * How PostgreSQL is installed and run on a node, read without PostgreSQL's help (it may be
 * stopped): programs, Debian's cluster list, systemd units, running postmasters, bin and data
 * directories found in the usual places and where the cluster file says.
 */
export interface PostgresLayoutFacts {
  /** Where each program is on PATH (null: not found). */
  programs: { pgCtlcluster: string | null; pgLsclusters: string | null; systemctl: string | null; pgCtl: string | null };
  /** systemd is PID 1 (/run/systemd/system exists). */
  systemd: boolean;
  /** pg_lsclusters' clusters; null without pg_lsclusters. */
  debianClusters: DebianCluster[] | null;
  units: PostgresUnit[];
  /** Null when pgrep is missing (the running postmasters could not be listed). */
  postmasters: Postmaster[] | null;
  /** Directories holding a pg_ctl, with the version it reports ("11.22"). */
  binDirs: { dir: string; version: string }[];
  /** Data directories looked at: PG_VERSION's major version, and the PID in postmaster.pid. */
  dataDirs: { dir: string; state: 'present' | 'missing' | 'unreadable'; version: string | null; postmasterPid: number | null }[];
  /** The OS user's home (SUSE's POSTGRES_DATADIR defaults to ~postgres/data). */
  home: string | null;
}
