// Whether the node holds the VIP, and on which interface.

export interface VipFacts {
  address: string;
  holds: boolean;
  interface: string | null;
}
