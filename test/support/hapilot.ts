// Runs the hapilot command line as a user would, from the sources (through tsx, on the pinned
// Node), so a test never runs a stale build.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type Options } from 'execa';
import { LAB, REPO } from './lab.js';

export const CLI = path.join(REPO, 'src/cli.ts');

/** A journal folder of its own for a test file, so runs do not mix with the operator's. */
export function tempJournalDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'hapilot-journal-'));
}

export function hapilot(
  args: string[],
  opts: { journalDir?: string; timeoutMs?: number; env?: Record<string, string> } & Pick<Options, 'input'> = {},
) {
  return execa(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    reject: false,
    timeout: opts.timeoutMs ?? 300_000,
    stdin: opts.input === undefined ? 'ignore' : 'pipe',
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    env: {
      ...(opts.journalDir ? { HAPILOT_JOURNAL_DIR: opts.journalDir } : {}),
      HAPILOT_CONFIG_DIR: path.join(tmpdir(), 'hapilot-test-prefs'),
      ...opts.env,
    },
  });
}

export interface StatusDoc {
  verdict: string;
  roles: { primary: 'a' | 'b' | null; standby: 'a' | 'b' | null };
  splitBrain: boolean;
  findings: { code: string; message: string; level: string }[];
  nodes: Record<'a' | 'b', { reachable: boolean; name: string }>;
}

export async function statusJson(clusterFile: string = LAB.clusterFile): Promise<StatusDoc> {
  const r = await hapilot(['status', '--json', '-c', clusterFile], { timeoutMs: 60_000 });
  if (!r.stdout.trim()) throw new Error(`hapilot status --json printed nothing (exit ${r.exitCode}): ${r.stderr}`);
  return JSON.parse(r.stdout) as StatusDoc;
}
