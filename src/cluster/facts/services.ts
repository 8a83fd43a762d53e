// Whether each configured service runs, and how that was decided.

export interface ServiceFacts {
  name: string;
  active: boolean;
  /** How it was decided: "systemctl: active", "process sshd: 3 running". */
  detail: string;
}
