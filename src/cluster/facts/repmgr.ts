// repmgr's `cluster show`: each node as repmgr sees it.

export interface RepmgrNode {
  id: number;
  name: string;
  role: string;
  /** As repmgr prints it: "* running", "! running as primary", "? unreachable", "- failed". */
  status: string;
  upstream: string | null;
  timeline: number | null;
}
