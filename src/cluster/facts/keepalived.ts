// keepalived: running or not, and hapilot's release file.

export interface KeepalivedFacts {
  running: boolean;
  /** The release file's number, when one is configured: non-zero, hapilot made the node give up the VIP. */
  release: number | null;
}
