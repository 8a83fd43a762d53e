// What habeat and Carbonio's HA module say on a mailstore. Each part stands alone: Consul may not
// answer while the lock files can still be read.
import type { Fact } from '../facts.js';

export interface HabeatLock {
  path: string;
  present: boolean;
  /** Seconds since its last change, on the node's own clock; null when absent. */
  ageSeconds: number | null;
}

export interface ConsulMember {
  name: string;
  addr: string;
  /** Serf status: 1 alive, 2 leaving, 3 left, 4 failed (0 none). */
  status: number;
}

export interface CarbonioFacts {
  locks: Fact<HabeatLock[]>;
  /** Accounts replicated from the source mail host (`getAccountStatus mailHost SRC`: response.values). */
  accounts: Fact<{ source: string; names: string[] }>;
  /** How many operations Carbonio has queued or running (`core getAllOperations`: response.operationList). */
  operations: Fact<number>;
  /** Consul's members (`/v1/agent/members`), as this node's agent sees them. */
  witness: Fact<ConsulMember[]>;
}
