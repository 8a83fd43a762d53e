// postgres section: rows "TAG<US>JSON" from the one query in postgres-sql.ts.
// overview (exactly one), sender (pg_stat_replication), receiver (pg_stat_wal_receiver), slot.
// The same rows for every version from 9.6 (the query adapts, see postgres-sql.ts); what a version
// does not have is null (replay_lag before 10), and the receiver's LSN column is found by name.
import {
  known,
  unknown,
  type Fact,
  type PostgresFacts,
  type PostgresSettings,
  type ReplicationSlot,
  type WalReceiver,
  type WalSender,
} from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, joinedLines, lines, notInstalled, sectionProblem, unparsable, type ParseContext } from './common.js';
import { truncate } from '../../format/text.js';
import { FieldError, fields, parseJsonObject, type JsonObject } from './json.js';

const US = '\x1f';

export function parsePostgres(section: Section | undefined, ctx: ParseContext): Fact<PostgresFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  const missing = notInstalled(s);
  if (missing) return missing;
  if (s.exitCode !== 0) return psqlFailure(s);

  const rows: { tag: string; obj: JsonObject }[] = [];
  for (const line of lines(s.stdout)) {
    const cut = line.indexOf(US);
    const obj = cut > 0 ? parseJsonObject(line.slice(cut + 1)) : null;
    if (!obj) return unparsable(`unexpected row ${JSON.stringify(truncate(line, 120))}`);
    rows.push({ tag: line.slice(0, cut), obj });
  }
  const overviews = rows.filter((r) => r.tag === 'overview');
  if (overviews.length !== 1) return unparsable(`expected one overview row, got ${overviews.length}`);
  try {
    const o = fields(overviews[0]!.obj, 'overview');
    const standby = o.bool('in_recovery');
    return known({
      version: o.str('server_version'),
      // Absent only from captures older than these fields; null then means "not read".
      versionNum: o.has('server_version_num') ? o.num('server_version_num') : null,
      role: standby ? 'standby' : 'primary',
      timeline: o.numOrNull('timeline'),
      currentLsn: o.strOrNull('current_lsn'),
      receivedLsn: o.strOrNull('receive_lsn'),
      replayedLsn: o.strOrNull('replay_lsn'),
      replayBacklogBytes: o.numOrNull('replay_backlog_bytes'),
      replayLagSeconds: o.numOrNull('replay_lag_seconds'),
      // Absent only from captures older than the field; null then means "not read".
      synchronousStandbyNames: 'synchronous_standby_names' in overviews[0]!.obj ? o.strOrNull('synchronous_standby_names') : null,
      senders: rows.filter((r) => r.tag === 'sender').map((r) => sender(r.obj)),
      receiver: receiver(rows.find((r) => r.tag === 'receiver')?.obj),
      slots: rows.filter((r) => r.tag === 'slot').map((r) => slot(r.obj)),
      settings: o.has('data_directory') ? settings(o) : null,
    });
  } catch (e) {
    return unparsable(e instanceof FieldError ? e.message : String(e));
  }
}

function settings(o: ReturnType<typeof fields>): PostgresSettings {
  return {
    dataDirectory: o.str('data_directory'),
    configFile: o.str('config_file'),
    hbaFile: o.str('hba_file'),
    clusterName: o.str('cluster_name'),
    port: o.num('port'),
    walLevel: o.str('wal_level'),
    maxWalSenders: o.num('max_wal_senders'),
    maxReplicationSlots: o.num('max_replication_slots'),
    hotStandby: o.bool('hot_standby'),
    walLogHints: o.bool('wal_log_hints'),
    dataChecksums: o.bool('data_checksums'),
  };
}

function sender(obj: JsonObject): WalSender {
  const f = fields(obj, 'pg_stat_replication');
  return {
    applicationName: f.str('application_name'),
    clientAddr: f.strOrNull('client_addr'),
    // state is NULL for a sender that is still starting; keep the row, say so.
    state: f.strOrNull('state') ?? 'unknown',
    syncState: f.strOrNull('sync_state') ?? 'unknown',
    sentLsn: f.strOrNull('sent_lsn'),
    replayLsn: f.strOrNull('replay_lsn'),
    lagBytes: f.numOrNull('lag_bytes'),
    replayLagSeconds: f.numOrNull('replay_lag_seconds'),
  };
}

function receiver(obj: JsonObject | undefined): WalReceiver | null {
  if (!obj) return null;
  const f = fields(obj, 'pg_stat_wal_receiver');
  // The latest WAL received: written_lsn since PostgreSQL 13 (flushed_lsn can lag it, and after a
  // restart stays at the start position until new WAL arrives); received_lsn before 13.
  const lsnKey = f.has('written_lsn') ? 'written_lsn' : f.has('received_lsn') ? 'received_lsn' : 'flushed_lsn';
  return {
    status: f.str('status'),
    senderHost: f.optStr('sender_host'),
    senderPort: f.has('sender_port') ? f.numOrNull('sender_port') : null,
    slotName: f.optStr('slot_name'),
    receivedLsn: f.optStr(lsnKey),
    lastMessageAt: f.optStr('last_msg_receipt_time'),
  };
}

function slot(obj: JsonObject): ReplicationSlot {
  const f = fields(obj, 'pg_replication_slots');
  return { name: f.str('slot_name'), type: f.str('slot_type'), active: f.bool('active'), retainedBytes: f.numOrNull('retained_bytes') };
}

// psql exits 2 when it cannot connect, 3 when the query failed (ON_ERROR_STOP), 1 otherwise.
function psqlFailure(s: Section): Fact<PostgresFacts> {
  const said = joinedLines(s.stderr.replace(/^psql: error: /m, 'psql: '));
  if (s.exitCode === 2 && /connection to server .* failed: (No such file or directory|Connection refused)/.test(s.stderr)) {
    // The message's first line names the socket and the cause; the hint that follows adds nothing.
    return unknown(`PostgreSQL is not running (${firstPsqlLine(s.stderr)})`, 'not-running');
  }
  if (s.exitCode === 2) return unknown(`psql could not connect (${said})`, 'failed');
  if (said) return unknown(`the probe query failed (exit ${s.exitCode ?? 'none'}: ${said})`, 'failed');
  return failed(s, 'psql');
}

function firstPsqlLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim()) ?? '';
  return line.trim().replace(/^psql: error: /, 'psql: ');
}
