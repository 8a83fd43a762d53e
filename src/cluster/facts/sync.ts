// The size of each synchronised directory, and of each of its first-level subdirectories (TVOX's
// check is `du --max-depth=1` on both nodes, compared line by line).

export interface SyncSubdir {
  /** The subdirectory's name inside the path (one level: no slash). */
  name: string;
  /** Apparent size in bytes. */
  bytes: number;
}

export interface SyncDirFacts {
  path: string;
  /** Apparent size in bytes (du -b), comparable between nodes whatever their file systems. */
  bytes: number | null;
  /** Its first-level subdirectories, as du lists them; null when the size is unknown. */
  subdirs?: SyncSubdir[] | null;
  /** Why bytes is null: "missing", "timed out". */
  problem?: string;
}
