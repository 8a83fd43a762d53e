// The one-file install (`npm run package`, dist/hapilot-linux-x64) as a sysadmin uses it: the file
// copied alone to another folder and run in an empty environment (no Node, no PATH, no HOME, no
// npm): its version, its help, `status` against the lab, the procedures built into it, and clear
// words when the home folder or the terminal is missing. And the two ways ssh2 does its crypto:
// with its native binding (node_modules, as `npm run hapilot` runs) and in pure JS (the single
// executable, where native addons cannot load), each seen in the running process and each
// connected to the lab.
// Cost: building the executable when it is missing or older than its sources (25-30 s here under
// load, see ensureHapilotBuilt), one copy of its ~110 MB, three `status` rounds, two `watch` starts:
// about 45 s in all on this machine under load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, requireLab } from '../support/lab.js';
import { ensureHapilotBuilt, hapilotCommand, SINGLE_EXECUTABLE } from '../support/hapilot-binary.js';
import type { StatusDoc } from '../support/hapilot.js';

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
let dir = '';
let exe = '';

before(async () => {
  requireLab();
  await ensureHapilotBuilt('single');
  // "Copy one file": nothing of the checkout is beside it, and it runs from elsewhere (cwd /).
  dir = mkdtempSync(path.join(tmpdir(), 'hapilot-jump-host-'));
  exe = path.join(dir, 'hapilot');
  copyFileSync(SINGLE_EXECUTABLE, exe);
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The copied file in exactly `env` (nothing inherited), from /, stdin closed. */
function run(args: string[], env: Record<string, string>, timeout = 120_000) {
  return execa(exe, args, { env, extendEnv: false, cwd: '/', stdin: 'ignore', reject: false, timeout });
}
/** A clean `env -i PATH=/usr/bin:/bin`; preferences (the last cluster used) go to a folder of the test, not root's. */
const cleanEnv = () => ({ PATH: '/usr/bin:/bin', HAPILOT_CONFIG_DIR: path.join(dir, 'prefs') });

test('with no environment at all, the file alone prints the package version and its help', async () => {
  const version = await run(['--version'], {});
  assert.equal(version.exitCode, 0, version.stderr);
  assert.equal(version.stdout.trim(), pkg.version);
  assert.equal(version.stderr, '');
  const help = await run(['--help'], {});
  assert.equal(help.exitCode, 0, help.stderr);
  for (const cmd of ['status', 'watch', 'run', 'journal', 'lock']) assert.match(help.stdout, new RegExp(`^  ${cmd}\\b`, 'm'));
});

/**
 * `status` from the file, taken again (three tries at most) while a node's round timed out: on this
 * shared 2-core machine under load a round can exceed its 10 s limit, which is exit 3, not a defect
 * of the file. Any other outcome is returned at once.
 */
async function statusRound(args: string[]) {
  let r = await run(['status', ...args, '--cluster', LAB.clusterFile], cleanEnv());
  for (let tries = 1; tries < 3 && r.exitCode === 3 && /timed out/.test(r.stdout); tries++) {
    r = await run(['status', ...args, '--cluster', LAB.clusterFile], cleanEnv());
  }
  return r;
}

test('status against the lab, in env -i with PATH=/usr/bin:/bin and no HOME: both nodes reachable and shown', async () => {
  const json = await statusRound(['--json']);
  assert.ok(json.stdout.trim(), `no JSON (exit ${json.exitCode}): ${json.stderr}`);
  const doc = JSON.parse(json.stdout) as StatusDoc;
  assert.deepEqual(
    [doc.nodes.a, doc.nodes.b].map((n) => [n.name, n.reachable]),
    [
      ['lab-a', true],
      ['lab-b', true],
    ],
    JSON.stringify(doc.findings),
  );
  assert.ok(doc.roles.primary && doc.roles.standby, `roles: ${JSON.stringify(doc.roles)}`);
  const text = await statusRound([]);
  assert.ok([0, 1, 2].includes(text.exitCode ?? -1), `exit ${text.exitCode}: ${text.stdout}${text.stderr}`);
  assert.match(text.stdout, /A: lab-a +B: lab-b/);
  assert.match(text.stdout, /PostgreSQL +(PRIMARY|standby)/);
});

test('the built-in procedures are inside the file (no procedures folder beside it)', async () => {
  const r = await run(['run', '--list', '--cluster', LAB.clusterFile], cleanEnv());
  assert.equal(r.exitCode, 0, r.stderr);
  for (const name of ['switchover', 'failover', 'rejoin', 'takeover']) assert.match(r.stdout, new RegExp(`^${name}\\b`, 'm'));
  assert.doesNotMatch(r.stdout, /site:/);
});

test('no home folder (no HOME, a user id not in /etc/passwd) and no terminal: each said in one clear message, exit 2', async () => {
  const stranger = await execa('setpriv', ['--reuid=4242', '--regid=4242', '--clear-groups', exe, 'status', '--cluster', LAB.clusterFile], {
    env: { PATH: '/usr/bin:/bin' },
    extendEnv: false,
    cwd: '/',
    stdin: 'ignore',
    reject: false,
  });
  assert.equal(stranger.exitCode, 2);
  assert.match(stranger.stderr, /^hapilot: no home folder: HOME is not set and user id 4242 is not in the user database/);
  assert.match(stranger.stderr, /Set HOME/);
  assert.doesNotMatch(stranger.stderr, /\bat .*:\d+:\d+/);

  const console = await run(['--cluster', LAB.clusterFile], cleanEnv());
  assert.equal(console.exitCode, 2);
  assert.match(console.stderr, /^hapilot: the console needs a terminal; for a pipe or a script use hapilot status/);
  assert.doesNotMatch(console.stderr, /\bat .*:\d+:\d+/);
});

/**
 * Starts `watch` (no terminal: a line each time the verdict changes), waits for a verdict with both
 * nodes reachable (rounds on both nodes over ssh; on a loaded machine a first round may time out,
 * and the next one is printed as a new line), and returns whether ssh2's native
 * crypto binding is mapped into the process (/proc/PID/maps lists every shared object it loaded).
 */
async function watchOnce(argv: readonly string[], env: Record<string, string>): Promise<{ binding: boolean; nativeAddons: string[] }> {
  const [file, ...args] = argv;
  const p = execa(file!, [...args, 'watch', '--cluster', LAB.clusterFile, '--interval', '2'], {
    env,
    extendEnv: false,
    cwd: '/',
    stdin: 'ignore',
    reject: false,
    timeout: 90_000,
  });
  try {
    await new Promise<string>((resolve, reject) => {
      let out = '';
      p.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const reached = out.split('\n').find((l) => / lab (HEALTHY|DEGRADED|CRITICAL)\b/.test(l) && !/unreachable/i.test(l));
        if (reached) resolve(reached);
      });
      void p.then((r) => reject(new Error(`watch ended before both nodes answered (exit ${r.exitCode}):\n${out}${r.stderr}`)));
    });
    const maps = readFileSync(`/proc/${p.pid}/maps`, 'utf8');
    return { binding: /\/sshcrypto\.node$/m.test(maps), nativeAddons: maps.match(/\S+\.node$/gm) ?? [] };
  } finally {
    p.kill('SIGTERM');
    await p;
  }
}

test('ssh2 with its native crypto binding (dist/cli.js beside node_modules) reaches both nodes', async () => {
  await ensureHapilotBuilt('node');
  const r = await watchOnce(hapilotCommand('node'), cleanEnv());
  assert.equal(r.binding, true, 'sshcrypto.node is not loaded: was ssh2 built against the pinned Node? (.npmrc nodedir)');
});

test('ssh2 in pure JS inside the single executable (no native addon loaded) reaches both nodes', async () => {
  const r = await watchOnce([exe], cleanEnv());
  assert.equal(r.binding, false, 'a native crypto binding was loaded into the single executable');
  assert.deepEqual(r.nativeAddons, []);
});
