// The PostgreSQL layout look (postgres-layout-script.ts): TAB-separated lines, one fact each.
// A line that does not read as its tag says is reported, never skipped: a layout decided from half
// the facts could start the wrong server.
import { known, type DebianCluster, type Fact, type PostgresLayoutFacts, type PostgresUnit, type Postmaster } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { truncate } from '../../format/text.js';
import { failed, intOrNull, lines, sectionProblem, unparsable, type ParseContext } from './common.js';

class LineError extends Error {}

export function parsePostgresLayout(section: Section | undefined, ctx: ParseContext): Fact<PostgresLayoutFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, 'the PostgreSQL layout look');
  try {
    return known(readLayout(lines(s.stdout)));
  } catch (e) {
    if (e instanceof LineError) return unparsable(e.message);
    throw e;
  }
}

function readLayout(all: string[]): PostgresLayoutFacts {
  const facts: PostgresLayoutFacts = {
    programs: { pgCtlcluster: null, pgLsclusters: null, systemctl: null, pgCtl: null },
    systemd: false,
    debianClusters: null,
    units: [],
    postmasters: [],
    binDirs: [],
    dataDirs: [],
    home: null,
  };
  const unitProps = new Map<string, Map<string, string>>();
  const envFiles = new Map<string, { path: string; vars: Record<string, string> }[]>();
  let sawSystemd = false;
  for (const line of all) {
    const f = line.split('\t');
    const bad = (why: string): never => {
      throw new LineError(`${why}: ${JSON.stringify(truncate(line, 160))}`);
    };
    switch (f[0]) {
      case 'program': {
        if (f.length !== 3) bad('a program line has 3 fields');
        const path = f[2] || null;
        if (f[1] === 'pg_ctlcluster') facts.programs.pgCtlcluster = path;
        else if (f[1] === 'pg_lsclusters') facts.programs.pgLsclusters = path;
        else if (f[1] === 'systemctl') facts.programs.systemctl = path;
        else if (f[1] === 'pg_ctl') facts.programs.pgCtl = path;
        else bad('unknown program');
        break;
      }
      case 'systemd':
        if (f[1] !== 'yes' && f[1] !== 'no') bad('systemd is yes or no');
        facts.systemd = f[1] === 'yes';
        sawSystemd = true;
        break;
      case 'home':
        facts.home = f[1] || null;
        break;
      case 'lscluster':
        facts.debianClusters ??= [];
        facts.debianClusters.push(lsCluster(f.slice(1).join('\t')) ?? bad('pg_lsclusters line not understood'));
        break;
      case 'lsclusters-exit':
        bad(`pg_lsclusters failed (exit ${f[1]})`);
        break;
      case 'unit': {
        if (f.length < 3) bad('a unit line has 3 fields');
        const eq = f[2]!.indexOf('=');
        if (eq <= 0) bad('a unit property is KEY=VALUE');
        const props = unitProps.get(f[1]!) ?? new Map<string, string>();
        props.set(
          f[2]!.slice(0, eq),
          f
            .slice(2)
            .join('\t')
            .slice(eq + 1),
        );
        unitProps.set(f[1]!, props);
        break;
      }
      case 'envfile': {
        if (f.length < 4) bad('an envfile line has 4 fields');
        const list = envFiles.get(f[1]!) ?? [];
        let file = list.find((x) => x.path === f[2]);
        if (!file) {
          file = { path: f[2]!, vars: {} };
          list.push(file);
        }
        const assignment = f.slice(3).join('\t');
        const eq = assignment.indexOf('=');
        file.vars[assignment.slice(0, eq)] = unquote(assignment.slice(eq + 1));
        envFiles.set(f[1]!, list);
        break;
      }
      case 'pgrep':
        facts.postmasters = null;
        break;
      case 'postmaster':
        if (f.length !== 5) bad('a postmaster line has 5 fields');
        (facts.postmasters ?? bad('postmaster after "pgrep missing"')).push(postmaster(f) ?? bad('postmaster line not understood'));
        break;
      case 'bindir': {
        const v = /\(PostgreSQL\) (\d+(?:\.\d+)*)/.exec(f[2] ?? '');
        // A pg_ctl that does not say its version cannot be matched with a data directory: left out.
        if (v) facts.binDirs.push({ dir: f[1]!, version: v[1]! });
        break;
      }
      case 'datadir': {
        if (f.length !== 5) bad('a datadir line has 5 fields');
        const state = f[2];
        if (state !== 'present' && state !== 'missing' && state !== 'unreadable') bad('unknown data directory state');
        facts.dataDirs.push({
          dir: f[1]!,
          state: state as 'present' | 'missing' | 'unreadable',
          version: f[3] || null,
          postmasterPid: intOrNull(f[4]),
        });
        break;
      }
      default:
        bad('unknown line');
    }
  }
  if (!sawSystemd) throw new LineError('no "systemd" line: the output is not the layout look\'s');
  for (const [name, props] of unitProps) facts.units.push(unit(name, props, envFiles.get(name) ?? []));
  return facts;
}

// "15 main 5432 online postgres /var/lib/postgresql/15/main /var/log/postgresql/postgresql-15-main.log"
// (the columns are padded with spaces). The log file is the last word: a data directory with spaces
// in it stays whole.
function lsCluster(text: string): DebianCluster | null {
  const m = /^(\S+)\s+(\S+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(.+?)\s+(\S+)$/.exec(text.trim());
  if (!m) return null;
  return { version: m[1]!, name: m[2]!, port: Number(m[3]), status: m[4]!, owner: m[5]!, dataDir: m[6]!, logFile: m[7]! };
}

function postmaster(f: string[]): Postmaster | null {
  const pid = intOrNull(f[1]);
  if (pid === null || pid <= 0) return null;
  return { pid, user: f[2]!, exe: f[3] || null, dataDir: f[4] || null };
}

// systemctl show: MainPID=0 when nothing runs, KillSignal=15, Restart=no, Environment=A=1 "B=x y",
// EnvironmentFiles=/etc/sysconfig/postgresql (ignore_errors=yes),
// ExecStop={ path=/usr/bin/pg_ctl ; argv[]=/usr/bin/pg_ctl stop -D ${PGDATA} -s -m fast ; ... }.
function unit(name: string, p: Map<string, string>, envFiles: PostgresUnit['environmentFiles']): PostgresUnit {
  const pid = intOrNull(p.get('MainPID'));
  const argv = /argv\[\]=(.*?) ; /.exec(p.get('ExecStop') ?? '');
  return {
    name,
    loadState: p.get('LoadState') ?? '',
    activeState: p.get('ActiveState') ?? '',
    unitFileState: p.get('UnitFileState') ?? '',
    mainPid: pid && pid > 0 ? pid : null,
    environment: environment(p.get('Environment') ?? ''),
    environmentFiles: envFiles.length > 0 ? envFiles : files(p.get('EnvironmentFiles') ?? ''),
    execStop: argv ? argv[1]!.split(/\s+/) : null,
    killSignal: intOrNull(p.get('KillSignal')),
    restart: p.get('Restart') ?? '',
  };
}

// systemd quotes an assignment that holds a space: "PGDATA=/srv/pg data".
function environment(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const word = m[1] ?? m[2]!;
    const eq = word.indexOf('=');
    if (eq > 0) out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

function files(text: string): PostgresUnit['environmentFiles'] {
  const path = text.replace(/ \(ignore_errors=\w+\)$/, '').trim();
  return path ? [{ path, vars: {} }] : [];
}

function unquote(v: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(v.trim());
  return m ? (m[1] ?? m[2]!) : v.trim();
}
