// The host section's facts: who the node is, how long it has been up, its load and clock.

export interface HostFacts {
  hostname: string;
  uptimeSeconds: number;
  load: [number, number, number];
  /** The node's clock when the probe ran (ms since the epoch). */
  clockMs: number;
  /** Node clock minus the local clock at the middle of the round trip (ms). */
  clockSkewMs: number;
}
