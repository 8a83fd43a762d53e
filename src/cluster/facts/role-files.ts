// What a stack's own role files say the node is (RapidPro: "master"/"slave", "working").

export interface RoleFileFacts {
  /** Content of the role file, e.g. "master" or "slave"; null when the file does not exist. */
  role: string | null;
  /** Content of the status file, e.g. "working"; null when absent or not configured. */
  status: string | null;
}
