// The newest dump in the backup directory, and how many there are.

export interface BackupFacts {
  dir: string;
  latest: { name: string; bytes: number; modifiedAt: string; ageSeconds: number } | null;
  count: number;
}
