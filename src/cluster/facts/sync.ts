// The size of each synchronised directory.

export interface SyncDirFacts {
  path: string;
  /** Apparent size in bytes (du -sb), comparable between nodes whatever their file systems. */
  bytes: number | null;
  /** Why bytes is null: "missing", "timed out". */
  problem?: string;
}
