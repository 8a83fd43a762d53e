// What hapilot knows about a node, as typed facts. Every fact is either known (with its value) or
// unknown with the reason ("timed out after 5 s", "psql: connection refused", "output did not
// parse: ..."). A fact is never guessed: a parser that cannot be sure says unknown.
// A component the cluster definition does not list is simply absent (undefined).

import type { LockHolder } from './lock-file.js';

export type { LockHolder };
export type NodeId = 'a' | 'b';
export const NODE_IDS: readonly NodeId[] = ['a', 'b'];

export type Known<T> = { readonly known: true; readonly value: T };
/**
 * Why a fact is unknown, for code that must tell cases apart (the reason is for people):
 * not-installed (the program is absent), not-running (installed, its server does not answer),
 * timed-out (the probe section was killed), unparsable (output not understood), failed (a command
 * reported an error), no-output (the round returned nothing for it).
 */
export type UnknownCause = 'not-installed' | 'not-running' | 'timed-out' | 'unparsable' | 'failed' | 'no-output';
export type Unknown = { readonly known: false; readonly reason: string; readonly cause?: UnknownCause };
export type Fact<T> = Known<T> | Unknown;

export const known = <T>(value: T): Known<T> => ({ known: true, value });
export const unknown = (reason: string, cause?: UnknownCause): Unknown =>
  cause === undefined ? { known: false, reason } : { known: false, reason, cause };

export interface HostFacts {
  hostname: string;
  uptimeSeconds: number;
  load: [number, number, number];
  /** The node's clock when the probe ran (ms since the epoch). */
  clockMs: number;
  /** Node clock minus the local clock at the middle of the round trip (ms). */
  clockSkewMs: number;
}

export interface RoleFileFacts {
  /** Content of the role file, e.g. "master" or "slave"; null when the file does not exist. */
  role: string | null;
  /** Content of the status file, e.g. "working"; null when absent or not configured. */
  status: string | null;
}

export interface ServiceFacts {
  name: string;
  active: boolean;
  /** How it was decided: "systemctl: active", "process sshd: 3 running". */
  detail: string;
}

export interface WalSender {
  applicationName: string;
  clientAddr: string | null;
  state: string;
  syncState: string;
  sentLsn: string | null;
  replayLsn: string | null;
  /** Bytes between the primary's current WAL position and what this standby replayed. */
  lagBytes: number | null;
  /** pg_stat_replication.replay_lag in seconds (null when PostgreSQL has no measure yet). */
  replayLagSeconds: number | null;
}

export interface WalReceiver {
  status: string;
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

export interface PostgresFacts {
  version: string;
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
}

export interface RepmgrNode {
  id: number;
  name: string;
  role: string;
  /** As repmgr prints it: "* running", "! running as primary", "? unreachable", "- failed". */
  status: string;
  upstream: string | null;
  timeline: number | null;
}

export interface RedisFacts {
  role: 'master' | 'replica';
  connectedReplicas: number;
  /**
   * Master: its replicas as INFO lists them. offset is what the replica last acknowledged (acks
   * come every second), lag the seconds since that ack, lagBytes = master_repl_offset - offset.
   */
  replicas: { ip: string; port: number; state: string; offset: number; lag: number; lagBytes: number }[];
  masterHost: string | null;
  masterPort: number | null;
  masterLinkStatus: 'up' | 'down' | null;
  masterLastIoSecondsAgo: number | null;
  /** This server's own replication offset (on a replica: how far it has relayed the master's stream). */
  masterReplOffset: number;
  /**
   * Replica: slave_repl_offset, the offset in the master's stream it has applied (null on a
   * master). A replica's INFO does not carry the master's current offset, so how far behind it is
   * can only be read on the master: replicas[].lagBytes.
   */
  replicaOffset: number | null;
}

export interface MongoMember {
  name: string;
  health: number;
  stateStr: string;
  self: boolean;
  optimeDate: string | null;
  syncSource: string | null;
  /** Seconds behind the primary, as mongosh's rs.printSecondaryReplicationInfo() computes it. */
  lagSeconds: number | null;
}

export interface MongoFacts {
  set: string;
  myState: number;
  members: MongoMember[];
}

export interface SyncDirFacts {
  path: string;
  /** Apparent size in bytes (du -sb), comparable between nodes whatever their file systems. */
  bytes: number | null;
  /** Why bytes is null: "missing", "timed out". */
  problem?: string;
}

export interface VipFacts {
  address: string;
  holds: boolean;
  interface: string | null;
}

export interface KeepalivedFacts {
  running: boolean;
  /** The release file's number, when one is configured: non-zero, hapilot made the node give up the VIP. */
  release: number | null;
}

export interface BackupFacts {
  dir: string;
  latest: { name: string; bytes: number; modifiedAt: string; ageSeconds: number } | null;
  count: number;
}

export interface AsteriskFacts {
  activeCalls: number;
  activeChannels: number;
}

/** Everything one probe round learned about one reachable node. */
export interface NodeFacts {
  node: NodeId;
  /** The name the operator knows it by (alias or host). */
  name: string;
  collectedAt: string;
  roundTripMs: number;
  host: Fact<HostFacts>;
  roleFiles?: Fact<RoleFileFacts>;
  services?: Fact<ServiceFacts[]>;
  postgres?: Fact<PostgresFacts>;
  repmgr?: Fact<RepmgrNode[]>;
  redis?: Fact<RedisFacts>;
  mongodb?: Fact<MongoFacts>;
  sync?: Fact<SyncDirFacts[]>;
  vip?: Fact<VipFacts>;
  keepalived?: Fact<KeepalivedFacts>;
  backups?: Fact<BackupFacts>;
  asterisk?: Fact<AsteriskFacts>;
  /** hapilot's own cluster lock on this node: who runs a procedure (null: nobody). Always probed. */
  lock?: Fact<LockHolder | null>;
}

/** The latest observation of a node: fresh facts, or why there are none and what was last seen. */
export type NodeObservation =
  | { reachable: true; facts: NodeFacts }
  | {
      reachable: false;
      node: NodeId;
      name: string;
      reason: string;
      /** When the node stopped answering (first failed round after a good one). */
      since: string;
      /** The last good facts, shown as such (with their age), never as live values. */
      lastGood: NodeFacts | null;
    };

export interface ClusterSnapshot {
  cluster: string;
  takenAt: string;
  nodes: Record<NodeId, NodeObservation>;
}
