// What the end-to-end tests share: the built hapilot (dist/, rebuilt when a source is newer), the
// lab's current roles, and the two ways to break node B with guaranteed restoration.
//
// They run `node_modules/.bin/node dist/cli.js`: the pinned Node 24 and the compiled output are
// exactly what `hapilot` is once installed, start-up is not slowed by compiling TypeScript (the
// benchmark times the same thing), and `npm test` builds before the e2e suite. A test run alone
// rebuilds dist/ first when any file under src/ is newer than it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { before, after } from 'node:test';
import { REPO, inNode, psqlIn, eventually, requireLab } from '../support/lab.js';
import { ensureTmux, stopTmuxServer } from '../support/tty.js';

export const NODE = path.join(REPO, 'node_modules/.bin/node');
export const CLI = path.join(REPO, 'dist/cli.js');
/** The command that starts hapilot in a test terminal, as argv. */
export const HAPILOT = [NODE, CLI] as const;
export const INTERVAL_S = 2;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The hooks every terminal suite needs: the lab up, tmux installed, dist/ current, the lab with
 * one primary and one standby before the first test; the suite's tmux server stopped after.
 */
export function terminalSuite(): void {
  before(async () => {
    requireLab();
    await ensureTmux();
    await ensureBuilt();
    await currentRoles();
  });
  after(async () => {
    await stopTmuxServer();
  });
}

export async function ensureBuilt(): Promise<void> {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(path.join(REPO, 'src'))) return;
  await execa('npm', ['run', '-s', 'build'], { cwd: REPO, timeout: 180_000 });
}

/**
 * How long "within two refreshes" may take at INTERVAL_S: two intervals, plus the slack of one
 * warm probe round in flight and the terminal being read (3 s, measured rounds take under 1 s).
 * A cut link is shown by the monitor's silence limit, not at the round's own time limit.
 */
export function twoRefreshesMs(): number {
  return 2 * INTERVAL_S * 1000 + 3000;
}

/**
 * Which node is the PostgreSQL primary right now. Other suites share the lab and switch roles,
 * stop services or rebuild it: this waits (up to `timeoutMs`) until it has one primary and one
 * standby again, instead of failing on someone else's moment.
 */
export async function currentRoles(timeoutMs = 180_000): Promise<{ primary: 'a' | 'b'; standby: 'a' | 'b' }> {
  const inRecovery = async (n: 'a' | 'b') => (await psqlIn(n, 'select pg_is_in_recovery()')) === 't';
  return eventually(
    async () => {
      const [a, b] = await Promise.all([inRecovery('a'), inRecovery('b')]);
      if (a === b) return null;
      return a ? { primary: 'b' as const, standby: 'a' as const } : { primary: 'a' as const, standby: 'b' as const };
    },
    'the lab to have one PostgreSQL primary and one standby (other tests may be using it)',
    timeoutMs,
  );
}

const lab = (...args: string[]) => execa('bash', [path.join(REPO, 'lab/lab.sh'), ...args]);

/** Cuts a node's network (`lab.sh cut`: its link on the host goes down) for the duration of fn, and always heals it. */
export async function withLinkDown<T>(node: 'a' | 'b', fn: () => Promise<T>): Promise<T> {
  await lab('cut', node);
  try {
    return await fn();
  } finally {
    await lab('heal', node);
  }
}

/** Stops PostgreSQL in a node for the duration of fn, and always starts it again (and waits for it). */
export async function withPostgresStopped<T>(node: 'a' | 'b', fn: () => Promise<T>): Promise<T> {
  await inNode(node, 'pg_ctlcluster 15 main stop -m fast');
  try {
    return await fn();
  } finally {
    await inNode(node, 'pg_ctlcluster 15 main start', { reject: false });
    await eventually(async () => (await psqlIn(node, 'select 1')) === '1', `PostgreSQL on ${node} to answer again`, 30_000);
  }
}

/** The lab as other tests expect it: both links up and both nodes answering (waits up to a minute). */
export async function labHealthy(timeoutMs = 60_000): Promise<boolean> {
  const ok = async () => {
    const r = await execa('bash', [path.join(REPO, 'lab/lab.sh'), 'status'], { reject: false });
    return r.exitCode === 0 && !/incomplete|DOWN|:down/.test(r.stdout);
  };
  return eventually(ok, 'the lab to be healthy', timeoutMs).then(
    () => true,
    () => false,
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The part of a screen line that belongs to a node's pane: side by side, A is the left half. */
export function paneOf(screen: string, node: 'a' | 'b', columns: number): string {
  const half = Math.floor(columns / 2);
  return screen
    .split('\n')
    .map((l) => [...l])
    .map((chars) => (node === 'a' ? chars.slice(0, half) : chars.slice(half)).join(''))
    .join('\n');
}

export const roleWord = (role: 'primary' | 'standby') => role.toUpperCase();
