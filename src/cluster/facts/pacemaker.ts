// What Pacemaker says on a node (`crm_mon --output-as=xml`): the cluster's nodes, its resources and
// where they run, and the failed actions it still remembers. Each node reports the cluster as its
// own Pacemaker sees it, so two nodes that disagree show a partition.

export interface PacemakerNode {
  name: string;
  online: boolean;
  standby: boolean;
  maintenance: boolean;
  unclean: boolean;
}

export interface PacemakerResource {
  id: string;
  /** ocf:heartbeat:IPaddr2 */
  agent: string;
  role: string;
  active: boolean;
  managed: boolean;
  failed: boolean;
  /** Nodes it runs on. */
  nodes: string[];
}

export interface PacemakerFailure {
  opKey: string;
  node: string;
  status: string;
  exitReason: string;
}

export interface PacemakerStatus {
  nodes: PacemakerNode[];
  resources: PacemakerResource[];
  failures: PacemakerFailure[];
}
