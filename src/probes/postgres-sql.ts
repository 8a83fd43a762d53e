// The one query of the PostgreSQL section. One statement, so every row comes from the same
// snapshot and the same now(). Each row is "TAG<US>JSON" (US = \x1f, which no value can contain
// once inside JSON): JSON keeps NULL apart from the empty string and escapes anything in a value.
//
// It must run on a primary and on a standby alike. pg_current_wal_lsn() and pg_walfile_name()
// raise "recovery is in progress" on a standby, so they are only reached through CASE branches
// taken on a primary (they are volatile, so the planner never evaluates them ahead of time).
// The node's own WAL position ("position") is pg_current_wal_lsn() on a primary, and on a standby
// the later of the last received and the last replayed LSN; slot retention and cascaded senders
// are measured from it.
//
// On a standby just restarted, pg_last_wal_receive_lsn() restarts at the beginning of the segment
// streaming resumed from, BEHIND what was already replayed from local WAL (seen in the lab:
// received 0/3000000, replayed 0/304CF98). Everything received is then replayed: the backlog is 0
// and so is the replay lag, hence "<=" and greatest(0, ...), not "=" and a raw difference.
// replay_lag_seconds otherwise is now() - pg_last_xact_replay_timestamp(): the age of the last
// replayed commit, which also grows while the primary is idle (and includes clock skew).
//
// pg_stat_wal_receiver is read whole (to_jsonb) minus conninfo: its LSN column is received_lsn
// before PostgreSQL 13 and flushed_lsn since, and the parser takes whichever is there.
// Needs PostgreSQL 10 or later (pg_stat_replication's *_lsn and *_lag columns).
export const POSTGRES_PROBE_SQL = `
WITH pos AS (
  SELECT pg_is_in_recovery() AS standby,
         CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_lsn() END AS current_lsn,
         pg_last_wal_receive_lsn() AS receive_lsn,
         pg_last_wal_replay_lsn() AS replay_lsn
), here AS (
  SELECT pos.*, CASE WHEN standby THEN greatest(receive_lsn, replay_lsn) ELSE current_lsn END AS position FROM pos
)
SELECT 'overview' || E'\\x1f' || jsonb_build_object(
    'in_recovery', standby,
    'server_version', current_setting('server_version'),
    'synchronous_standby_names', current_setting('synchronous_standby_names'),
    'timeline', CASE WHEN standby
        THEN coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (pg_control_checkpoint()).timeline_id)
        ELSE ('x' || substr(pg_walfile_name(current_lsn), 1, 8))::bit(32)::int END,
    'current_lsn', current_lsn,
    'receive_lsn', receive_lsn,
    'replay_lsn', replay_lsn,
    -- greatest() skips NULLs: without the CASE a primary (no receive/replay LSN) would get 0.
    'replay_backlog_bytes', CASE WHEN receive_lsn IS NULL OR replay_lsn IS NULL THEN NULL
        ELSE greatest(0, pg_wal_lsn_diff(receive_lsn, replay_lsn)) END,
    'replay_lag_seconds', CASE WHEN NOT standby THEN NULL
        WHEN receive_lsn <= replay_lsn THEN 0
        ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END,
    'now', now())::text
  FROM here
UNION ALL
SELECT 'sender' || E'\\x1f' || jsonb_build_object(
    'application_name', r.application_name,
    'client_addr', host(r.client_addr),
    'state', r.state,
    'sync_state', r.sync_state,
    'sent_lsn', r.sent_lsn,
    'replay_lsn', r.replay_lsn,
    'lag_bytes', pg_wal_lsn_diff(h.position, r.replay_lsn),
    'replay_lag_seconds', extract(epoch FROM r.replay_lag))::text
  FROM pg_stat_replication r CROSS JOIN here h
UNION ALL
SELECT 'receiver' || E'\\x1f' || (to_jsonb(w) - 'conninfo')::text
  FROM pg_stat_wal_receiver w
UNION ALL
SELECT 'slot' || E'\\x1f' || jsonb_build_object(
    'slot_name', s.slot_name,
    'slot_type', s.slot_type,
    'active', s.active,
    'restart_lsn', s.restart_lsn,
    'retained_bytes', pg_wal_lsn_diff(h.position, s.restart_lsn))::text
  FROM pg_replication_slots s CROSS JOIN here h
`.trim();
