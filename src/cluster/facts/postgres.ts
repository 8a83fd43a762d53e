// PostgreSQL as one consistent snapshot: role, timeline, WAL positions, senders, receiver, slots.

export interface WalSender {
  applicationName: string;
  clientAddr: string | null;
  state: string;
  syncState: string;
  sentLsn: string | null;
  replayLsn: string | null;
  /** Bytes between the primary's current WAL position and what this standby replayed. */
  lagBytes: number | null;
  /** pg_stat_replication.replay_lag in seconds (null when PostgreSQL has no measure yet, always before 10). */
  replayLagSeconds: number | null;
}

export interface WalReceiver {
  status: string;
  /** sender_host, or before 11 the host (or hostaddr) of the receiver's conninfo. */
  senderHost: string | null;
  senderPort: number | null;
  slotName: string | null;
  receivedLsn: string | null;
  /** Time of the last message from the sender (ISO), to tell a silent link. */
  lastMessageAt: string | null;
}

export interface ReplicationSlot {
  name: string;
  type: string;
  active: boolean;
  /** WAL kept for this slot (bytes), from restart_lsn to the current position. */
  retainedBytes: number | null;
}

/**
 * The server's own account of where it lives and how it replicates (what the procedures need to
 * configure and control it), read with SHOW-equivalent current_setting() in the probe query.
 */
export interface PostgresSettings {
  dataDirectory: string;
  configFile: string;
  hbaFile: string;
  /** '' when not set (it then gives no application_name to a standby's connection). */
  clusterName: string;
  port: number;
  /** minimal, replica or logical (9.6 shows archive and hot_standby as replica). */
  walLevel: string;
  maxWalSenders: number;
  maxReplicationSlots: number;
  hotStandby: boolean;
  /** pg_rewind needs wal_log_hints or data checksums. */
  walLogHints: boolean;
  dataChecksums: boolean;
}

export interface PostgresFacts {
  version: string;
  /** server_version_num: 90624 for 9.6.24, 150018 for 15.18. Null only in captures older than the field. */
  versionNum: number | null;
  role: 'primary' | 'standby';
  timeline: number | null;
  /** Primary: pg_current_wal_lsn(). */
  currentLsn: string | null;
  /** Standby: pg_last_wal_receive_lsn() / pg_last_wal_replay_lsn(). */
  receivedLsn: string | null;
  replayedLsn: string | null;
  /** Standby: bytes received but not yet replayed. */
  replayBacklogBytes: number | null;
  /** Standby: seconds behind the primary (0 when everything received is replayed). */
  replayLagSeconds: number | null;
  /** The setting as the server runs with it: '' when commits do not wait for any standby. */
  synchronousStandbyNames: string | null;
  senders: WalSender[];
  receiver: WalReceiver | null;
  slots: ReplicationSlot[];
  /** Null only in captures older than these fields. */
  settings: PostgresSettings | null;
}
