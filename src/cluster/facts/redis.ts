// Redis replication (INFO replication): role, link, offsets.

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
