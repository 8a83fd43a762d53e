// Probe figures on the lab (issue: "Seeing both nodes"). Prints numbers, asserts nothing.
//   npx tsx bench/status.ts [--runs 7]
// (1) cold `hapilot status`: a new process, connect to both nodes, one round, exit;
// (2) a warm probe round: connections open, both nodes in parallel;
// (3) the same probes the way the seeds' cron scripts do them: one `ssh` process per command,
//     one command after the other;
// (4) the floor: the same remote script as (2) through an already-open OpenSSH ControlMaster on
//     both nodes in parallel.
// Targets: (2) within 1.3x (4); (1) at least 5x faster than (3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO } from '../test/support/lab.js';
import { loadClusterFile } from '../src/config/load-cluster.js';
import { openSession } from '../src/transport/session.js';
import { probeBoth, buildProbeScript, newNonce } from '../src/probes/index.js';
import { POSTGRES_PROBE_SQL } from '../src/probes/postgres-sql.js';
import { shellQuote } from '../src/transport/quote.js';
import { median, percentile, table, timed } from './stats.js';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7;
const NODE = path.join(REPO, 'node_modules/.bin/node');
const CLI = path.join(REPO, 'dist/cli.js');
const cluster = loadClusterFile(LAB.clusterFile);
const ssh = ['-F', LAB.sshConfig, '-o', 'BatchMode=yes'];

/** What one probe round learns, as separate commands, the way a cron script asks for it. */
const SEED_COMMANDS = [
  'hostname',
  'cat /proc/uptime',
  'cat /proc/loadavg',
  'date +%s%N',
  'cat /var/lib/hapilot/lock 2>/dev/null || true',
  'cat /etc/rapidpro.role',
  'cat /etc/rapidpro.status',
  'pgrep -c -x sshd',
  'pgrep -c -x postgres',
  'pgrep -c -x redis-server',
  'pgrep -c -x keepalived',
  'pgrep -c -x repmgrd',
  `cd / && runuser -u postgres -- psql -XAtq -c ${shellQuote(POSTGRES_PROBE_SQL)}`,
  'cd / && runuser -u postgres -- repmgr -f /etc/repmgr.conf cluster show --compact',
  'redis-cli info replication',
  `mongosh --quiet --eval 'JSON.stringify(rs.status())'`,
  'du -sb /var/lib/labsync',
  'ip -o addr show',
  'cat /etc/keepalived/hapilot-vip.release',
  "find /var/backups/rapidpro -maxdepth 1 -type f -name 'rapidpro-*.sql' -printf '%T@ %s %f\\n'",
];

async function coldStatus(): Promise<number> {
  const prefs = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-prefs-'));
  try {
    const { ms, value } = await timed(() =>
      execa(NODE, [CLI, 'status', '-c', LAB.clusterFile], { reject: false, env: { HAPILOT_CONFIG_DIR: prefs } }),
    );
    if (value.exitCode !== 0) throw new Error(`hapilot status exited ${value.exitCode}: ${value.stderr}`);
    return ms;
  } finally {
    rmSync(prefs, { recursive: true, force: true });
  }
}

async function seedsWay(): Promise<number> {
  const { ms } = await timed(async () => {
    for (const host of [LAB.alias.a, LAB.alias.b]) {
      for (const cmd of SEED_COMMANDS) await execa('ssh', [...ssh, host, cmd], { reject: false });
    }
  });
  return ms;
}

async function floor(control: string): Promise<number> {
  const run = (host: string, node: 'a' | 'b') =>
    execa('ssh', [...ssh, '-o', `ControlPath=${control}-%h`, host, 'bash -s'], { input: buildProbeScript(cluster.def, node, newNonce()) });
  const { ms } = await timed(() => Promise.all([run(LAB.alias.a, 'a'), run(LAB.alias.b, 'b')]));
  return ms;
}

async function main(): Promise<void> {
  process.stdout.write(
    `Probe figures on the lab (${RUNS} runs each, medians; ${SEED_COMMANDS.length} commands per node for the seeds' way)\n\n`,
  );

  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) cold.push(await coldStatus());

  const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
  const warm: number[] = [];
  try {
    for (let i = 0; i < 3; i++) await probeBoth({ a: session.a, b: session.b }, cluster.def);
    for (let i = 0; i < RUNS * 2; i++) warm.push((await timed(() => probeBoth({ a: session.a, b: session.b }, cluster.def))).ms);
  } finally {
    await session.close();
  }

  const seeds: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 2)); i++) seeds.push(await seedsWay());

  const control = path.join(mkdtempSync(path.join(tmpdir(), 'hapilot-cm-')), 'cm');
  const masters = [LAB.alias.a, LAB.alias.b].map((h) =>
    execa('ssh', [...ssh, '-o', 'ControlMaster=yes', '-o', `ControlPath=${control}-%h`, '-N', h], { reject: false }),
  );
  const floors: number[] = [];
  try {
    // Wait until both masters answer, then warm them like the session above.
    for (let i = 0; i < 50; i++) {
      const ok = await Promise.all(
        [LAB.alias.a, LAB.alias.b].map((h) =>
          execa('ssh', [...ssh, '-o', `ControlPath=${control}-%h`, '-O', 'check', h], { reject: false }),
        ),
      );
      if (ok.every((r) => r.exitCode === 0)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 0; i < 3; i++) await floor(control);
    for (let i = 0; i < RUNS * 2; i++) floors.push(await floor(control));
  } finally {
    for (const m of masters) m.kill();
    await Promise.allSettled(masters);
  }

  const row = (name: string, xs: number[]) => [name, xs.length, `${median(xs).toFixed(0)} ms`, `${percentile(xs, 90).toFixed(0)} ms`];
  process.stdout.write(
    `${table(
      ['', 'runs', 'median', 'p90'],
      [
        row('(1) cold hapilot status (new process, connect, one round)', cold),
        row('(2) warm probe round, both nodes', warm),
        row("(3) seeds' way: one ssh process per command", seeds),
        row('(4) floor: same script, open ControlMaster, both nodes', floors),
      ],
    )}\n\n`,
  );
  const warmRatio = median(warm) / median(floors);
  const coldSpeedup = median(seeds) / median(cold);
  process.stdout.write(`warm round / floor           = ${warmRatio.toFixed(2)}x   (target: at most 1.3x)\n`);
  process.stdout.write(`seeds' way / cold status     = ${coldSpeedup.toFixed(1)}x   (target: at least 5x)\n`);
}

await main();
