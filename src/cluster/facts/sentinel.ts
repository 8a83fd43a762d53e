// What a node's Redis Sentinel says about the master it watches.
import type { Fact } from '../facts.js';

export interface SentinelMaster {
  name: string;
  ip: string;
  port: number;
  /** Sentinel's flags for the master: "master", "s_down" (this Sentinel sees it down), "o_down" (a quorum does). */
  flags: string[];
  numSlaves: number;
  /** Other Sentinels this one knows watch the same master. */
  numOtherSentinels: number;
  quorum: number;
}

export interface SentinelFacts {
  master: SentinelMaster;
  /** SENTINEL CKQUORUM: whether a failover could be authorised now, in Sentinel's words. */
  ckquorum: Fact<{ ok: boolean; message: string }>;
}
