// How a data directory is made to start as a standby, for the server's version:
//   - 12 and later: an empty standby.signal in the data directory, and primary_conninfo and
//     primary_slot_name in postgresql.auto.conf (read after postgresql.conf, so it wins). A
//     recovery.conf left there would stop PostgreSQL 12+ from starting: the script refuses it.
//     recovery_target_timeline is 'latest' by default since 12.
//   - before 12: recovery.conf in the data directory with standby_mode, primary_conninfo,
//     primary_slot_name and recovery_target_timeline = 'latest' (the default there is the
//     current timeline, which would not follow a promotion), and trigger_file when the site
//     promotes by creating one.
// The values are written as PostgreSQL reads a quoted setting (quotes doubled, backslashes
// escaped) and each line is put in the shell command quoted (transport/quote.ts).
import { majorVersionLabel } from '../../probes/postgres-version.js';
import { argvToShell, shellQuote } from '../../transport/quote.js';
import { PostgresLayoutRefused, type ShellStep } from './types.js';

export interface StandbyConfigInput {
  /** server_version_num of the node's PostgreSQL (90600 for 9.6, 150000 for 15). */
  versionNum: number;
  dataDir: string;
  /** The OS user that owns the data directory: the files written are given to it. */
  osUser: string;
  /** The connection string to the primary (primary_conninfo). */
  conninfo: string;
  /** The physical slot on the primary this standby streams through (null: none). */
  slot: string | null;
  /** The site promotes by creating this file (recovery.conf's trigger_file, promote_trigger_file 12 to 15). */
  triggerFile?: string | null;
}

/** A setting as postgresql.conf and recovery.conf read it: name = 'value'. */
export function pgSettingLine(name: string, value: string): string {
  return `${name} = '${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** The script that makes `dataDir` start as a standby of the primary in `conninfo`. */
export function standbyConfiguration(input: StandbyConfigInput): ShellStep {
  return input.versionNum >= 120000 ? signalFile(input) : recoveryConf(input);
}

/** The script that takes the standby configuration away again (a rollback before the node started as a standby). */
export function removeStandbyConfiguration(input: Pick<StandbyConfigInput, 'versionNum' | 'dataDir'>): ShellStep {
  const data = shellQuote(input.dataDir);
  if (input.versionNum >= 120000) {
    return {
      text: [
        'set -eu',
        `rm -f -- ${data}/standby.signal`,
        `sed -i -e ${shellQuote(deleteSettings(RECOVERY_SETTINGS))} -- ${data}/postgresql.auto.conf`,
      ].join('\n'),
      why: `PostgreSQL ${majorVersionLabel(input.versionNum)}: removing standby.signal and the recovery settings from postgresql.auto.conf makes it start as a primary again`,
    };
  }
  return {
    text: ['set -eu', `rm -f -- ${data}/recovery.conf`].join('\n'),
    why: `PostgreSQL ${majorVersionLabel(input.versionNum)}: without recovery.conf it starts as a primary again`,
  };
}

// The settings hapilot writes in postgresql.auto.conf; an older value of each is removed first.
const RECOVERY_SETTINGS = ['primary_conninfo', 'primary_slot_name', 'promote_trigger_file'];

function deleteSettings(names: readonly string[]): string {
  return names.map((n) => `/^[[:space:]]*${n}[[:space:]]*=/d`).join(';');
}

function signalFile(input: StandbyConfigInput): ShellStep {
  const v = majorVersionLabel(input.versionNum);
  if (input.triggerFile && input.versionNum >= 160000) {
    throw new PostgresLayoutRefused(
      `PostgreSQL ${v} has no promote_trigger_file (removed in 16), so the trigger file ${input.triggerFile} the site names would never promote it: promote with pg_ctl promote and drop the trigger file from the cluster file`,
    );
  }
  const lines = [pgSettingLine('primary_conninfo', input.conninfo)];
  if (input.slot) lines.push(pgSettingLine('primary_slot_name', input.slot));
  if (input.triggerFile) lines.push(pgSettingLine('promote_trigger_file', input.triggerFile));
  const data = shellQuote(input.dataDir);
  return {
    text: [
      'set -eu',
      `data=${data}`,
      `if [ -e "$data/recovery.conf" ]; then echo "$data/recovery.conf exists: PostgreSQL ${v} refuses to start with it; move it away first" >&2; exit 1; fi`,
      'auto="$data/postgresql.auto.conf"',
      'touch "$auto"',
      `sed -i -e ${shellQuote(deleteSettings(RECOVERY_SETTINGS))} -- "$auto"`,
      `printf '%s\\n' ${argvToShell(lines)} >> "$auto"`,
      'touch "$data/standby.signal"',
      `chown -- ${shellQuote(`${input.osUser}:`)} "$auto" "$data/standby.signal"`,
    ].join('\n'),
    why:
      `PostgreSQL ${v} (12 or later): standby.signal in the data directory makes it start as a standby, ` +
      `with primary_conninfo${input.slot ? ' and primary_slot_name' : ''}${input.triggerFile ? ' and promote_trigger_file' : ''} in postgresql.auto.conf`,
  };
}

function recoveryConf(input: StandbyConfigInput): ShellStep {
  const v = majorVersionLabel(input.versionNum);
  const lines = [pgSettingLine('standby_mode', 'on'), pgSettingLine('primary_conninfo', input.conninfo)];
  if (input.slot) lines.push(pgSettingLine('primary_slot_name', input.slot));
  lines.push(pgSettingLine('recovery_target_timeline', 'latest'));
  if (input.triggerFile) lines.push(pgSettingLine('trigger_file', input.triggerFile));
  const data = shellQuote(input.dataDir);
  const hotStandby =
    input.versionNum < 100000 ? '; hot_standby must be on in postgresql.conf for it to answer queries (off by default before 10)' : '';
  return {
    text: [
      'set -eu',
      `data=${data}`,
      // Written aside and renamed: PostgreSQL never reads a half-written recovery.conf.
      `(umask 077; printf '%s\\n' ${argvToShell(lines)} > "$data/recovery.conf.hapilot")`,
      `chown -- ${shellQuote(`${input.osUser}:`)} "$data/recovery.conf.hapilot"`,
      'mv -f -- "$data/recovery.conf.hapilot" "$data/recovery.conf"',
    ].join('\n'),
    why:
      `PostgreSQL ${v} (before 12): recovery.conf with standby_mode = 'on', primary_conninfo` +
      `${input.slot ? ', primary_slot_name' : ''}, recovery_target_timeline = 'latest'${input.triggerFile ? ' and trigger_file' : ''}` +
      ` makes it start as a standby that follows the primary's timeline${hotStandby}`,
  };
}
