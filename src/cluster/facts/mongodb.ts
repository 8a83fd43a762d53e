// A MongoDB replica set from rs.status().

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
