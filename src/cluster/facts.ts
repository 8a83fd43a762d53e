// What hapilot knows about a node, as typed facts. Every fact is either known (with its value) or
// unknown with the reason ("timed out after 5 s", "psql: connection refused", "output did not
// parse: ..."). A fact is never guessed: a parser that cannot be sure says unknown.
// A component the cluster definition does not list is simply absent (undefined).
// Each component's facts are in their own file under facts/; ComponentFacts below lists them.

import type { LockHolder } from './lock-file.js';
import type { HostFacts } from './facts/host.js';
import type { RoleFileFacts } from './facts/role-files.js';
import type { ServiceFacts } from './facts/services.js';
import type { PostgresFacts } from './facts/postgres.js';
import type { RepmgrNode } from './facts/repmgr.js';
import type { RedisFacts } from './facts/redis.js';
import type { MongoFacts } from './facts/mongodb.js';
import type { SyncDirFacts, SyncSubdir } from './facts/sync.js';
import type { VipFacts } from './facts/vip.js';
import type { KeepalivedFacts } from './facts/keepalived.js';
import type { PacemakerStatus } from './facts/pacemaker.js';
import type { BackupFacts } from './facts/backups.js';
import type { AsteriskFacts } from './facts/asterisk.js';
import type { CarbonioFacts, ConsulMember, HabeatLock } from './facts/carbonio.js';
import type { SentinelFacts, SentinelMaster } from './facts/sentinel.js';

export type { LockHolder, HostFacts, RoleFileFacts, ServiceFacts, PostgresFacts, RepmgrNode, RedisFacts, MongoFacts, SyncDirFacts };
export type { VipFacts, KeepalivedFacts, BackupFacts, AsteriskFacts, SyncSubdir, CarbonioFacts, ConsulMember, HabeatLock };
export type { SentinelFacts, SentinelMaster };
export type { WalSender, WalReceiver, ReplicationSlot, PostgresSettings } from './facts/postgres.js';
export type { DebianCluster, PostgresUnit, Postmaster, PostgresLayoutFacts } from './facts/postgres-layout.js';
export type { MongoMember } from './facts/mongodb.js';
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

/**
 * What each component's probe learns, by the NodeFacts field that holds it. The one list of
 * components every layer shares: a probe fills its field (probes/components/), rules judge it
 * (cluster/rules/), rows show it (view/rows/), and the type checker holds them to this list.
 */
export interface ComponentFacts {
  host: HostFacts;
  /** hapilot's own cluster lock on this node: who runs a procedure (null: nobody). Always probed. */
  lock: LockHolder | null;
  roleFiles: RoleFileFacts;
  services: ServiceFacts[];
  postgres: PostgresFacts;
  repmgr: RepmgrNode[];
  redis: RedisFacts;
  sentinel: SentinelFacts;
  mongodb: MongoFacts;
  sync: SyncDirFacts[];
  vip: VipFacts;
  keepalived: KeepalivedFacts;
  pacemaker: PacemakerStatus;
  backups: BackupFacts;
  asterisk: AsteriskFacts;
  carbonio: CarbonioFacts;
}

export type ComponentKey = keyof ComponentFacts;

/** Each component's fact, absent when the definition does not list the component. */
export type ComponentFactFields = { [K in ComponentKey]?: Fact<ComponentFacts[K]> };

/** Everything one probe round learned about one reachable node. */
export interface NodeFacts extends ComponentFactFields {
  node: NodeId;
  /** The name the operator knows it by (alias or host). */
  name: string;
  collectedAt: string;
  roundTripMs: number;
  /**
   * Components whose data is older than the round (the persistent session asks for slow sections,
   * such as repmgr's cluster view or du, at their own longer period): when it was collected.
   */
  asOf?: Partial<Record<ComponentKey, string>>;
  /** How the round was taken, when not through the persistent session: the reason it could not be. */
  perRoundReason?: string;
  /** Always probed, and always present (known or unknown). */
  host: Fact<HostFacts>;
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
