// Access to the running two-node lab for integration tests: its generated files and a way to
// run commands in a node. The lab is real (lab/lab.sh); nothing here imitates it.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { execa } from 'execa';
import { shellQuote } from '../../src/transport/quote.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LAB_STATE = process.env.HAPILOT_LAB_STATE ?? path.join(REPO, '.lab');
/** The lab's subnet 198.18.N.0/24: N as the running lab recorded it (lab/lib.sh, HAPILOT_LAB_NET). */
const NET = existsSync(path.join(LAB_STATE, 'net'))
  ? readFileSync(path.join(LAB_STATE, 'net'), 'utf8').trim()
  : (process.env.HAPILOT_LAB_NET ?? '0');
const SUBNET = `198.18.${NET}`;
// A test that rebuilds the lab (lab.sh down, then up) must bring it back on the same subnet.
process.env.HAPILOT_LAB_NET = NET;
export const LAB = {
  state: LAB_STATE,
  clusterFile: path.join(LAB_STATE, 'cluster.yaml'),
  sshConfig: path.join(LAB_STATE, 'client', 'ssh_config'),
  knownHosts: path.join(LAB_STATE, 'client', 'known_hosts'),
  identity: path.join(LAB_STATE, 'client', 'id_ed25519'),
  ip: { a: `${SUBNET}.11`, b: `${SUBNET}.12`, vip: `${SUBNET}.10`, host: `${SUBNET}.1` },
  alias: { a: 'lab-a', b: 'lab-b', vip: 'lab-vip' },
} as const;

export type LabNode = 'a' | 'b';

export function labIsUp(): boolean {
  return existsSync(path.join(LAB_STATE, 'up.done'));
}

/** Fails the calling test at once with a clear message when the lab is not up. */
export function requireLab(): void {
  if (!labIsUp()) throw new Error('the lab is not up: run `npm run lab:up` (npm test does it for you)');
}

export function labSecrets(): { pgPassword: string; appPassword: string } {
  const text = readFileSync(path.join(LAB_STATE, 'secrets.env'), 'utf8');
  const get = (k: string) => {
    const m = new RegExp(`^${k}=(.*)$`, 'm').exec(text);
    if (!m?.[1]) throw new Error(`${k} missing from the lab's secrets.env`);
    return m[1];
  };
  return { pgPassword: get('LAB_PG_PASSWORD'), appPassword: get('LAB_APP_PASSWORD') };
}

/** Run a shell command inside a node (through its namespaces, not ssh). */
export async function inNode(node: LabNode, script: string, opts: { reject?: boolean } = {}) {
  return execa('bash', [path.join(REPO, 'lab/lab.sh'), 'exec', node, 'bash', '-c', script], {
    reject: opts.reject ?? true,
    timeout: 60_000,
  });
}

/** Run a command over the system ssh client with the lab's ssh_config (strict host keys). */
export async function sshLab(alias: string, command: string, extra: string[] = []) {
  return execa('ssh', ['-F', LAB.sshConfig, '-o', 'BatchMode=yes', ...extra, alias, command], {
    reject: false,
    timeout: 30_000,
  });
}

/** SQL as the postgres superuser inside a node; returns psql's unaligned output. */
export async function psqlIn(node: LabNode, sql: string, db = 'postgres'): Promise<string> {
  const r = await inNode(node, `cd / && su postgres -c ${shq(`psql -XAt -d ${db} -v ON_ERROR_STOP=1 -c ${shq(sql)}`)}`);
  return r.stdout.trim();
}

/** The transport's quoting: tests quote exactly as hapilot does. */
export const shq = shellQuote;

/** Poll until fn returns a truthy value or the timeout passes; never a fixed sleep. */
export async function eventually<T>(
  fn: () => Promise<T | false | null | undefined | 0 | ''>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
