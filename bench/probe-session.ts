// What watching costs (issue 16): the per-round script and the persistent probe session side by
// side in one run, on the lab. Prints numbers, asserts nothing.
//   npx tsx bench/probe-session.ts [--seconds 30] [--rounds 10] [--runs 5] [--cpu-seconds 60] [--settle-seconds 10]
// (1) per node and per round in a steady watch (a round, then the interval, as the Monitor does):
//     processes started on the node (the node's own PID namespace: /proc/sys/kernel/ns_last_pid
//     advances by one per process started, whoever starts it) and PostgreSQL sessions opened
//     (sum of pg_stat_database.sessions, PostgreSQL 14+, on that node), each minus what the node
//     does by itself over the same time with nothing probing it (measured first, the same way).
//     Goal: <= 10 processes and 0 sessions per round.
// (2) a warm round on both nodes at once: median of --rounds. Goal: <= 60 ms.
// (3) the console's first frame with both panes populated, against one cold `ssh lab-a true`
//     (medians of --runs, alternating). Goal: <= 2.0x.
// (4) `hapilot watch --interval 2` client CPU (from /proc/PID/stat) and RSS. Goal: < 0.5 % of one core.
// The machine is shared: the load average is printed with each part.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Terminal, ensureTmux, stopTmuxServer } from '../test/support/tty.js';
import { LAB, REPO, inNode, psqlIn, type LabNode } from '../test/support/lab.js';
import { currentRoles, roleWord } from '../test/e2e/support.js';
import { loadClusterFile } from '../src/config/load-cluster.js';
import { openSession } from '../src/transport/session.js';
import { ProbeSession } from '../src/probes/session.js';
import { median } from './stats.js';
import type { NodeFacts } from '../src/cluster/facts.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt('seconds', 30);
const ROUNDS = opt('rounds', 10);
const RUNS = opt('runs', 5);
const CPU_SECONDS = opt('cpu-seconds', 60);
const SETTLE_SECONDS = opt('settle-seconds', 10);
const INTERVAL_MS = 2000;
const NODE = path.join(REPO, 'node_modules/.bin/node');
const SNAPSHOT = path.join(REPO, `.bench-dist-${process.pid}`);
const CLI = path.join(SNAPSHOT, 'cli.js');
const CLK_TCK = Number((await execa('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
const configDir = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-'));
const cluster = loadClusterFile(LAB.clusterFile);

type Mode = 'per-round script' | 'persistent session';
const MODES: Mode[] = ['per-round script', 'persistent session'];
const envFor = (m: Mode): Record<string, string> => (m === 'per-round script' ? { HAPILOT_PROBE_SESSION: '0' } : {});
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const NODES: LabNode[] = ['a', 'b'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Counters {
  pid: number;
  sessions: number;
}
async function counters(node: LabNode): Promise<Counters> {
  const pid = Number((await inNode(node, 'cat /proc/sys/kernel/ns_last_pid')).stdout.trim());
  const sessions = Number(await psqlIn(node, 'select sum(sessions) from pg_stat_database'));
  return { pid, sessions };
}
async function allCounters(): Promise<Record<LabNode, Counters>> {
  return { a: await counters('a'), b: await counters('b') };
}

/** What each node does per second with nothing probing it (the measurement's own cost included). */
async function baseline(): Promise<Record<LabNode, { pid: number; sessions: number }>> {
  const c0 = await allCounters();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const c1 = await allCounters();
  const s = (performance.now() - t0) / 1000;
  const per = (n: LabNode) => ({ pid: (c1[n].pid - c0[n].pid) / s, sessions: (c1[n].sessions - c0[n].sessions) / s });
  return { a: per('a'), b: per('b') };
}

async function steady(mode: Mode, idle: Record<LabNode, { pid: number; sessions: number }>): Promise<{ warmMs: number[] }> {
  const session = openSession(cluster, { readOnly: true, interactiveHostKey: null });
  await session.ready;
  const off = mode === 'per-round script' ? { off: 'benchmark' } : {};
  const probes = {
    a: new ProbeSession(session.a, cluster.def, 'a', { slowPeriodMs: 30_000, idleSeconds: 120, ...off }),
    b: new ProbeSession(session.b, cluster.def, 'b', { slowPeriodMs: 30_000, idleSeconds: 120, ...off }),
  };
  try {
    // Warm: the program started, the slow sections answered once.
    await Promise.all([probes.a.round(), probes.b.round()]);
    const c0 = await allCounters();
    const t0 = performance.now();
    const rounds = { a: 0, b: 0 };
    // Each node's loop as the Monitor runs it: a round, then the interval.
    await Promise.all(
      NODES.map(async (n) => {
        while (performance.now() - t0 < SECONDS * 1000) {
          await probes[n].round();
          rounds[n]++;
          await sleep(INTERVAL_MS);
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    const c1 = await allCounters();
    for (const n of NODES) {
      const procs = (c1[n].pid - c0[n].pid - idle[n].pid * s) / rounds[n];
      const pg = (c1[n].sessions - c0[n].sessions - idle[n].sessions * s) / rounds[n];
      console.log(
        `  ${mode}, node ${n}: ${rounds[n]} rounds in ${s.toFixed(0)} s: ${procs.toFixed(1)} processes and ${pg.toFixed(2)} PostgreSQL sessions per round (raw: ${c1[n].pid - c0[n].pid} processes, ${c1[n].sessions - c0[n].sessions} sessions)`,
      );
    }
    const warmMs: number[] = [];
    // When each component of node a arrived in the warm rounds (the session hands them over as they end).
    const arrivals = new Map<string, number[]>();
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const seen = new Set<string>();
      const onPartial = (f: NodeFacts) => {
        for (const [k, v] of Object.entries(f)) {
          if (seen.has(k) || !v || typeof v !== 'object' || !('known' in v) || f.asOf?.[k as keyof NonNullable<NodeFacts['asOf']>])
            continue;
          if (!v.known && v.reason === 'waiting for the node to answer') continue;
          seen.add(k);
          arrivals.set(k, [...(arrivals.get(k) ?? []), performance.now() - t]);
        }
      };
      await Promise.all([probes.a.round(mode === 'persistent session' ? { onPartial } : {}), probes.b.round()]);
      warmMs.push(performance.now() - t);
      await sleep(200);
    }
    if (arrivals.size > 0)
      console.log(
        `  ${mode}, node a, when each component arrived in a warm round (medians): ${[...arrivals]
          .map(([k, v]) => [k, median(v)] as const)
          .sort((x, y) => x[1] - y[1])
          .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
          .join(', ')}`,
      );
    return { warmMs };
  } finally {
    probes.a.close();
    probes.b.close();
    await session.close();
  }
}

async function coldSsh(): Promise<number> {
  const t0 = performance.now();
  const r = await execa('ssh', ['-F', LAB.sshConfig, '-o', 'BatchMode=yes', 'lab-a', 'true'], { reject: false });
  if (r.exitCode !== 0) throw new Error(`ssh lab-a true failed: ${r.stderr}`);
  return performance.now() - t0;
}

async function roleWords(): Promise<{ a: string; b: string }> {
  const { primary } = await currentRoles(120_000);
  const word = (n: 'a' | 'b') => roleWord(primary === n ? 'primary' : 'standby');
  return { a: word('a'), b: word('b') };
}

async function firstFrame(mode: Mode, roles: { a: string; b: string }): Promise<number> {
  const t = await Terminal.open({ columns: 120, rows: 40, cwd: REPO, env: { HAPILOT_CONFIG_DIR: configDir, ...envFor(mode) } });
  try {
    const t0 = performance.now();
    await t.runArgv([NODE, CLI, '--cluster', LAB.clusterFile, '--interval', '2']);
    await t.waitFor((s) => s.includes(`lab-a  ${roles.a}`) && s.includes(`lab-b  ${roles.b}`), 'both panes with roles', 30_000);
    const ms = performance.now() - t0;
    await t.keys('q');
    await t.waitFor(/^e2e\$/m, 'the prompt again', 10_000);
    return ms;
  } finally {
    await t.close();
  }
}

function cpuAndRss(pid: number): { ticks: number; rssKiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  return { ticks: Number(f[11]) + Number(f[12]), rssKiB: rss };
}

async function watchCpu(mode: Mode): Promise<void> {
  const t = await Terminal.open({ columns: 120, rows: 40, cwd: REPO, env: { HAPILOT_CONFIG_DIR: configDir, ...envFor(mode) } });
  const pidFile = path.join(configDir, `watch-${mode.replace(/\W/g, '')}.pid`);
  try {
    await t.startRecordingPid([NODE, CLI, 'watch', '--cluster', LAB.clusterFile, '--interval', '2'], pidFile, { stdinFromNull: true });
    const roles = await roleWords();
    await t.waitFor((s) => s.includes(`lab-a  ${roles.a}`) && s.includes(`lab-b  ${roles.b}`), 'the wallboard', 30_000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    await sleep(SETTLE_SECONDS * 1000);
    const a = cpuAndRss(pid);
    const t0 = performance.now();
    await sleep(CPU_SECONDS * 1000);
    const b = cpuAndRss(pid);
    const s = (performance.now() - t0) / 1000;
    const pct = (100 * (b.ticks - a.ticks)) / CLK_TCK / s;
    console.log(
      `  ${mode}: ${(((b.ticks - a.ticks) / CLK_TCK) * 1000).toFixed(0)} ms of CPU in ${s.toFixed(0)} s = ${pct.toFixed(2)} % of one core; RSS ${(a.rssKiB / 1024).toFixed(1)} -> ${(b.rssKiB / 1024).toFixed(1)} MiB (load ${load()})`,
    );
    process.kill(pid, 'SIGTERM');
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  cpSync(path.join(REPO, 'dist'), SNAPSHOT, { recursive: true });
  process.on('exit', () => rmSync(SNAPSHOT, { recursive: true, force: true }));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  console.log(
    `probe cost on the lab, the per-round script and the persistent session side by side; ${cpus().length} CPUs, load average ${load()}`,
  );

  console.log(`\n(1) per node and round in a steady watch (interval ${INTERVAL_MS / 1000} s, ${SECONDS} s each)`);
  const idle = await baseline();
  console.log(
    `  idle nodes (subtracted): a ${idle.a.pid.toFixed(1)} processes/s, ${idle.a.sessions.toFixed(2)} sessions/s; b ${idle.b.pid.toFixed(1)} processes/s, ${idle.b.sessions.toFixed(2)} sessions/s (load ${load()})`,
  );
  // The lab's mongosh is a bash stand-in (lab/README.md) that starts processes of its own; a real
  // mongosh is one process. Counted here so the figures can be read both ways.
  const standIn = await inNode(
    'a',
    `a=$(cat /proc/sys/kernel/ns_last_pid); mongosh --quiet --eval 'JSON.stringify(rs.status())' >/dev/null; b=$(cat /proc/sys/kernel/ns_last_pid); echo $((b - a - 2))`,
  );
  console.log(`  of each round's processes, the lab's mongosh stand-in starts ${standIn.stdout.trim()} (a real mongosh: 1)`);
  const warm: Record<string, number[]> = {};
  for (const mode of MODES) warm[mode] = (await steady(mode, idle)).warmMs;

  console.log(`\n(2) a warm round on both nodes at once (median of ${ROUNDS}; the session's slow sections not due)`);
  for (const mode of MODES)
    console.log(
      `  ${mode}: ${median(warm[mode]!).toFixed(0)} ms (min ${Math.min(...warm[mode]!).toFixed(0)}, max ${Math.max(...warm[mode]!).toFixed(0)})`,
    );
  console.log(`  load ${load()}`);

  console.log(`\n(3) first frame with both panes populated / one cold ssh (medians of ${RUNS}, alternating)`);
  await ensureTmux();
  const ssh: number[] = [];
  const frames: Record<string, number[]> = { [MODES[0]!]: [], [MODES[1]!]: [] };
  for (let i = 0; i < RUNS; i++) {
    const roles = await roleWords();
    ssh.push(await coldSsh());
    for (const mode of MODES) frames[mode]!.push(await firstFrame(mode, roles));
  }
  console.log(`  cold ssh lab-a true: ${median(ssh).toFixed(0)} ms`);
  for (const mode of MODES) {
    const m = median(frames[mode]!);
    console.log(`  ${mode}: first frame ${m.toFixed(0)} ms = ${(m / median(ssh)).toFixed(2)}x one cold ssh`);
  }
  console.log(`  load ${load()}`);

  console.log(`\n(4) hapilot watch --interval 2: client CPU over ${CPU_SECONDS} s after ${SETTLE_SECONDS} s`);
  for (const mode of MODES) await watchCpu(mode);
  await stopTmuxServer();
  console.log(`\nload average at the end: ${load()}`);
}

await main();
