// The one query of the PostgreSQL section, for the server's version. One statement, so every row
// comes from the same snapshot and the same now(). Each row is "TAG<US>JSON" (US = \x1f, which no
// value can contain once inside JSON): JSON keeps NULL apart from the empty string and escapes
// anything in a value. Read-only: it only calls functions and reads views and settings.
//
// It must run on a primary and on a standby alike. The current-WAL functions and the WAL file name
// raise "recovery is in progress" on a standby, so they are only reached through CASE branches
// taken on a primary (they are volatile, so the planner never evaluates them ahead of time).
// The node's own WAL position ("position") is the current WAL position on a primary, and on a
// standby the later of the last received and the last replayed LSN; slot retention and cascaded
// senders are measured from it.
//
// On a standby just restarted, the last received LSN restarts at the beginning of the segment
// streaming resumed from, BEHIND what was already replayed from local WAL (seen in the lab:
// received 0/3000000, replayed 0/304CF98). Everything received is then replayed: the backlog is 0
// and so is the replay lag, hence "<=" and greatest(0, ...), not "=" and a raw difference.
// replay_lag_seconds otherwise is now() - pg_last_xact_replay_timestamp(): the age of the last
// replayed commit, which also grows while the primary is idle (and includes clock skew).
//
// What differs between versions (PostgreSQL's release notes and each version's documentation):
//   - before 10, "xlog" and "location" where 10 says "wal" and "lsn": pg_current_xlog_location(),
//     pg_last_xlog_receive_location(), pg_last_xlog_replay_location(), pg_xlog_location_diff(),
//     pg_xlogfile_name(), pg_stat_replication.sent_location/replay_location, and no *_lag columns;
//   - before 11, pg_stat_wal_receiver has no sender_host/sender_port: they are read from its
//     conninfo (libpq's "keyword=value" list, passwords hidden, host left out when only hostaddr
//     was given);
//   - before 13, pg_stat_wal_receiver's LSN is received_lsn, since 13 written_lsn and flushed_lsn:
//     the view is read whole (to_jsonb) minus conninfo, and the parser takes whichever is there.
// 9.6 is the oldest: pg_stat_wal_receiver and pg_control_checkpoint() appeared in 9.6.
//
// The overview row also carries what the procedures need to know about the server: its version
// number, where its files are, the port, and the settings replication depends on. Reading
// data_directory, config_file and hba_file needs a superuser (or pg_read_all_settings from 10):
// the probe runs psql as the cluster's OS user, which is one.

import { majorVersionLabel } from './postgres-version.js';

/** 9.6.0: the oldest server the probe reads. */
export const OLDEST_SERVER_VERSION_NUM = 90600;

/** The server is older than 9.6, or the number is not a server_version_num. */
export class UnsupportedPostgresVersion extends Error {
  override name = 'UnsupportedPostgresVersion';
}

/** What the SQL calls things in a given version. */
interface Names {
  currentLsn: string;
  receiveLsn: string;
  replayLsn: string;
  lsnDiff: string;
  walFileName: string;
  sentColumn: string;
  replayColumn: string;
  /** The pg_stat_replication.replay_lag expression, or NULL before 10. */
  replayLag: string;
  /** pg_stat_wal_receiver has sender_host and sender_port (11 and later). */
  receiverHasSender: boolean;
}

function namesFor(num: number): Names {
  const wal = num >= 100000;
  return {
    currentLsn: wal ? 'pg_current_wal_lsn' : 'pg_current_xlog_location',
    receiveLsn: wal ? 'pg_last_wal_receive_lsn' : 'pg_last_xlog_receive_location',
    replayLsn: wal ? 'pg_last_wal_replay_lsn' : 'pg_last_xlog_replay_location',
    lsnDiff: wal ? 'pg_wal_lsn_diff' : 'pg_xlog_location_diff',
    walFileName: wal ? 'pg_walfile_name' : 'pg_xlogfile_name',
    sentColumn: wal ? 'sent_lsn' : 'sent_location',
    replayColumn: wal ? 'replay_lsn' : 'replay_location',
    replayLag: wal ? 'extract(epoch FROM r.replay_lag)' : 'NULL::numeric',
    receiverHasSender: num >= 110000,
  };
}

/**
 * The probe query for a server whose `SHOW server_version_num` is `serverVersionNum` (90624 for
 * 9.6.24, 150018 for 15.18). Throws UnsupportedPostgresVersion below 9.6.
 */
export function postgresProbeSql(serverVersionNum: number): string {
  if (!Number.isInteger(serverVersionNum) || serverVersionNum < 10000) {
    throw new UnsupportedPostgresVersion(`"${serverVersionNum}" is not a PostgreSQL server_version_num (such as 90624 or 150018)`);
  }
  if (serverVersionNum < OLDEST_SERVER_VERSION_NUM) {
    throw new UnsupportedPostgresVersion(
      `PostgreSQL ${majorVersionLabel(serverVersionNum)} is older than 9.6, the oldest version hapilot reads (pg_stat_wal_receiver appeared in 9.6)`,
    );
  }
  return buildSql(namesFor(serverVersionNum));
}

/**
 * The distinct queries and the versions each serves, oldest first: for a script that asks the
 * server its version first and picks the query on the node (`from` inclusive, `below` exclusive,
 * null for no upper bound).
 */
export function postgresProbeSqlVariants(): { from: number; below: number | null; sql: string }[] {
  const bounds = [OLDEST_SERVER_VERSION_NUM, 100000, 110000];
  return bounds.map((from, i) => ({ from, below: bounds[i + 1] ?? null, sql: postgresProbeSql(from) }));
}

/**
 * The query for PostgreSQL 10 and later: what the probe section runs while it does not yet ask the
 * server its version (on 11 and later the receiver's own sender_host wins over the one read from
 * conninfo, see receiverRow).
 */
export const POSTGRES_PROBE_SQL = postgresProbeSql(100000);

function buildSql(n: Names): string {
  return `
WITH pos AS (
  SELECT pg_is_in_recovery() AS standby,
         CASE WHEN pg_is_in_recovery() THEN NULL ELSE ${n.currentLsn}() END AS current_lsn,
         ${n.receiveLsn}() AS receive_lsn,
         ${n.replayLsn}() AS replay_lsn
), here AS (
  SELECT pos.*, CASE WHEN standby THEN greatest(receive_lsn, replay_lsn) ELSE current_lsn END AS position FROM pos
)
SELECT 'overview' || E'\\x1f' || jsonb_build_object(
    'in_recovery', standby,
    'server_version', current_setting('server_version'),
    'server_version_num', current_setting('server_version_num')::int,
    'synchronous_standby_names', current_setting('synchronous_standby_names'),
    'timeline', CASE WHEN standby
        THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (pg_control_checkpoint()).timeline_id)
        ELSE ('x' || substr(${n.walFileName}(current_lsn), 1, 8))::bit(32)::int END,
    'current_lsn', current_lsn,
    'receive_lsn', receive_lsn,
    'replay_lsn', replay_lsn,
    -- greatest() skips NULLs: without the CASE a primary (no receive/replay LSN) would get 0.
    'replay_backlog_bytes', CASE WHEN receive_lsn IS NULL OR replay_lsn IS NULL THEN NULL
        ELSE greatest(0, ${n.lsnDiff}(receive_lsn, replay_lsn)) END,
    'replay_lag_seconds', CASE WHEN NOT standby THEN NULL
        WHEN receive_lsn <= replay_lsn THEN 0
        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END,
    'now', now(),
    'data_directory', current_setting('data_directory'),
    'config_file', current_setting('config_file'),
    'hba_file', current_setting('hba_file'),
    'cluster_name', current_setting('cluster_name'),
    'port', current_setting('port')::int,
    'wal_level', current_setting('wal_level'),
    'max_wal_senders', current_setting('max_wal_senders')::int,
    'max_replication_slots', current_setting('max_replication_slots')::int,
    'hot_standby', current_setting('hot_standby')::bool,
    'wal_log_hints', current_setting('wal_log_hints')::bool,
    'data_checksums', current_setting('data_checksums')::bool)::text
  FROM here
UNION ALL
SELECT 'sender' || E'\\x1f' || jsonb_build_object(
    'application_name', r.application_name,
    'client_addr', host(r.client_addr),
    'state', r.state,
    'sync_state', r.sync_state,
    'sent_lsn', r.${n.sentColumn},
    'replay_lsn', r.${n.replayColumn},
    'lag_bytes', ${notBelowZero(`${n.lsnDiff}(h.position, r.${n.replayColumn})`)},
    'replay_lag_seconds', ${n.replayLag})::text
  FROM pg_stat_replication r CROSS JOIN here h
UNION ALL
SELECT 'receiver' || E'\\x1f' || (${receiverRow(n)})::text
  FROM pg_stat_wal_receiver w
UNION ALL
SELECT 'slot' || E'\\x1f' || jsonb_build_object(
    'slot_name', s.slot_name,
    'slot_type', s.slot_type,
    'active', s.active,
    'restart_lsn', s.restart_lsn,
    'retained_bytes', ${notBelowZero(`${n.lsnDiff}(h.position, s.restart_lsn)`)})::text
  FROM pg_replication_slots s CROSS JOIN here h
`.trim();
}

// The node's position is read once, before the senders and slots, which a busy primary may move
// past it while the query runs (seen in a capture: a sender 30 kB "ahead" while autovacuum wrote
// WAL). A standby is never ahead of its primary: such a difference is 0. NULL stays NULL
// (greatest() would turn it into 0).
function notBelowZero(diff: string): string {
  return `CASE WHEN ${diff} < 0 THEN 0 ELSE ${diff} END`;
}

// Before 11 the sender's host and port are only in conninfo, as "host=X port=Y" among the other
// keywords (libpq prints them unquoted, one space apart). jsonb's || keeps the right-hand value
// of a key present on both sides, so on a server that has the columns they win.
function receiverRow(n: Names): string {
  const own = "to_jsonb(w) - 'conninfo'";
  if (n.receiverHasSender) return own;
  const kw = (k: string, value: string) => `substring(w.conninfo from '(?:^| )${k}=(${value})(?: |$)')`;
  // A multi-host conninfo (host=a,b port=5432,5433) gives the list as host and no port.
  const host = `coalesce(${kw('host', '\\S+')}, ${kw('hostaddr', '\\S+')})`;
  return `jsonb_build_object('sender_host', ${host}, 'sender_port', ${kw('port', '[0-9]+')}::int) || ${own}`;
}
