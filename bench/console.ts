// Console and wallboard figures on the lab. Prints numbers, asserts nothing.
//   npx tsx bench/console.ts [--runs 5] [--watch-seconds 300] [--sample-seconds 5] [--settle-seconds 60]
// (1) First full frame: a cold `hapilot --cluster .lab/cluster.yaml` in a tmux terminal until both
//     panes show a real role, against one cold `ssh -F .lab/client/ssh_config lab-a true`. Median
//     of several runs each. Target: within 2x one cold ssh.
// (2) `hapilot watch --interval 2` left running: CPU and RSS sampled from /proc every few seconds,
//     with the linear regression slope of each, and the bytes it wrote to the terminal (frames).
//     Targets: under 1% of one core; no RSS growth trend.
// Both run the built dist/cli.js (a copy of it) with the pinned Node, as installed hapilot runs
// (npm run build first).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Terminal, ensureTmux, stopTmuxServer } from '../test/support/tty.js';
import { LAB, REPO } from '../test/support/lab.js';
import { currentRoles, roleWord } from '../test/e2e/support.js';
import { median, slope, timed } from './stats.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const RUNS = opt('runs', 5);
const WATCH_SECONDS = opt('watch-seconds', 300);
const SETTLE_SECONDS = opt('settle-seconds', 60);
const SAMPLE_SECONDS = opt('sample-seconds', 5);
const NODE = path.join(REPO, 'node_modules/.bin/node');
// A private copy of dist/: other work on this machine may rebuild dist/ (rm -rf first) while
// the benchmark runs. It sits beside dist/ so that package.json, procedures/ and node_modules
// resolve the same way; it is removed when the benchmark ends.
const SNAPSHOT = path.join(REPO, `.bench-dist-${process.pid}`);
const CLI = path.join(SNAPSHOT, 'cli.js');
const CLK_TCK = Number((await execa('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
const configDir = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-'));

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

/** The role words the panes must show; waits for a lab that other work is switching over. */
async function roleWords(): Promise<{ a: string; b: string }> {
  const { primary } = await currentRoles(120_000);
  const word = (n: 'a' | 'b') => roleWord(primary === n ? 'primary' : 'standby');
  return { a: word('a'), b: word('b') };
}

async function coldSsh(): Promise<number> {
  const t0 = performance.now();
  const r = await execa('ssh', ['-F', LAB.sshConfig, '-o', 'BatchMode=yes', 'lab-a', 'true'], { reject: false });
  if (r.exitCode !== 0) throw new Error(`ssh lab-a true failed: ${r.stderr}`);
  return performance.now() - t0;
}

/** Wall time of a command to its exit, in ms. */
async function timedRun(file: string, argv: string[]): Promise<number> {
  const run = () => execa(file, argv, { reject: false, env: { ...process.env, HAPILOT_CONFIG_DIR: configDir }, stdin: 'ignore' });
  return (await timed(run)).ms;
}

async function coldConsole(roles: { a: string; b: string }): Promise<number> {
  const t = await Terminal.open({ columns: 120, rows: 40, cwd: REPO, env: { HAPILOT_CONFIG_DIR: configDir } });
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

interface Sample {
  t: number;
  cpuTicks: number;
  rssKiB: number;
  termBytes: number;
  /** Frames written so far: Ink wraps each in a synchronized-output pair (ESC [?2026h ... l). */
  frames: number;
}

const BSU = Buffer.from('\u001B[?2026h');
function countFrames(file: string): number {
  if (!existsSync(file)) return 0;
  const buf = readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(BSU); i >= 0; i = buf.indexOf(BSU, i + BSU.length)) n++;
  return n;
}

function sample(pid: number, t0: number, termLog: string): Sample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(f[11]);
  const stime = Number(f[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return {
    t: (performance.now() - t0) / 1000,
    cpuTicks: utime + stime,
    rssKiB: rss,
    termBytes: existsSync(termLog) ? statSync(termLog).size : 0,
    frames: countFrames(termLog),
  };
}

async function watchCost(): Promise<void> {
  const t = await Terminal.open({ columns: 120, rows: 40, cwd: REPO, env: { HAPILOT_CONFIG_DIR: configDir } });
  const pidFile = path.join(configDir, 'watch.pid');
  const termLog = path.join(configDir, 'terminal-output.bin');
  try {
    await t.startRecordingPid([NODE, CLI, 'watch', '--cluster', LAB.clusterFile, '--interval', '2'], pidFile, { stdinFromNull: true });
    const roles = await roleWords();
    await t.waitFor((s) => s.includes(`lab-a  ${roles.a}`) && s.includes(`lab-b  ${roles.b}`), 'the wallboard', 30_000);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    // Everything the wallboard writes to its terminal from here on: its frames.
    await t.recordOutput(termLog);
    // Let start-up settle before measuring the steady state: JIT, the first garbage collections,
    // and the lag sparklines filling up (a new frame each round until they are full).
    process.stdout.write(`  letting it settle for ${SETTLE_SECONDS} s\n`);
    await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
    const t0 = performance.now();
    const samples: Sample[] = [];
    process.stdout.write(`  sampling pid ${pid} every ${SAMPLE_SECONDS} s for ${WATCH_SECONDS} s `);
    while ((performance.now() - t0) / 1000 <= WATCH_SECONDS) {
      samples.push(sample(pid, t0, termLog));
      process.stdout.write('.');
      await new Promise((r) => setTimeout(r, SAMPLE_SECONDS * 1000));
    }
    process.stdout.write('\n');
    const first = samples[0]!;
    const last = samples.at(-1)!;
    const wall = last.t - first.t;
    const cpuSeconds = (last.cpuTicks - first.cpuTicks) / CLK_TCK;
    const cpuPct = (100 * cpuSeconds) / wall;
    // CPU% in each sampling interval, against time: a rising slope would mean work piling up.
    const pctX: number[] = [];
    const pctY: number[] = [];
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      pctX.push(b.t);
      pctY.push((100 * (b.cpuTicks - a.cpuTicks)) / CLK_TCK / (b.t - a.t));
    }
    const rssSlopeKiBperS = slope(
      samples.map((s) => s.t),
      samples.map((s) => s.rssKiB),
    );
    const cpuSlopePctPerH = slope(pctX, pctY) * 3600;
    const rss = samples.map((s) => s.rssKiB);
    const bytes = last.termBytes - first.termBytes;
    console.log(`  samples: ${samples.length} over ${wall.toFixed(0)} s`);
    console.log(
      `  CPU: ${cpuSeconds.toFixed(2)} s in ${wall.toFixed(0)} s = ${cpuPct.toFixed(3)} % of one core = ${((cpuSeconds / wall) * 3600).toFixed(1)} CPU-seconds per hour`,
    );
    console.log(
      `  CPU% slope: ${cpuSlopePctPerH.toFixed(4)} percentage points per hour (per-interval CPU% min ${Math.min(...pctY).toFixed(2)} / median ${median(pctY).toFixed(2)} / max ${Math.max(...pctY).toFixed(2)})`,
    );
    console.log(
      `  RSS: first ${(first.rssKiB / 1024).toFixed(1)} MiB, last ${(last.rssKiB / 1024).toFixed(1)} MiB, min ${(Math.min(...rss) / 1024).toFixed(1)}, max ${(Math.max(...rss) / 1024).toFixed(1)} MiB`,
    );
    console.log(
      `  RSS slope: ${((rssSlopeKiBperS * 3600) / 1024).toFixed(2)} MiB per hour (${rssSlopeKiBperS.toFixed(3)} KiB/s; a straight-line extrapolation, GC makes RSS saw-toothed)`,
    );
    const frames = last.frames - first.frames;
    console.log(
      `  terminal output: ${frames} frames, ${bytes} bytes in ${wall.toFixed(0)} s (${Math.round(wall / 2)} rounds) = ${((frames / wall) * 3600).toFixed(0)} frames and ${(((bytes / wall) * 3600) / 1024).toFixed(1)} KiB per hour`,
    );
    const mibPerHour = (rssSlopeKiBperS * 3600) / 1024;
    const trend =
      mibPerHour <= 1
        ? `none (slope ${mibPerHour.toFixed(2)} MiB/h ≤ 1)`
        : `GROWING ${mibPerHour.toFixed(2)} MiB/h: run longer to tell a trend from the GC's saw-tooth`;
    console.log(`  targets: CPU < 1 % of one core: ${cpuPct < 1 ? 'met' : 'MISSED'}; RSS growth trend: ${trend}`);
    process.kill(pid, 'SIGTERM');
  } finally {
    await t.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(path.join(REPO, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run npm run build first');
  cpSync(path.join(REPO, 'dist'), SNAPSHOT, { recursive: true });
  process.on('exit', () => rmSync(SNAPSHOT, { recursive: true, force: true }));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));
  await ensureTmux();
  const roles = await roleWords();
  console.log(
    `hapilot console benchmark on the lab (A ${roles.a}, B ${roles.b}); ${RUNS} runs each; dist/cli.js on ${(await execa(NODE, ['--version'])).stdout}`,
  );
  console.log(
    `machine: ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (other work on the machine slows both sides)`,
  );

  console.log('\n(1) first full frame vs one cold ssh');
  const ssh: number[] = [];
  const consoleMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ssh.push(await coldSsh());
    // Other tests share the lab and may switch roles between runs.
    consoleMs.push(await coldConsole(await roleWords()));
    console.log(`  run ${i + 1}: ssh lab-a true ${fmt(ssh.at(-1)!)} · hapilot first full frame ${fmt(consoleMs.at(-1)!)}`);
  }
  const ratio = median(consoleMs) / median(ssh);
  console.log(
    `  median: ssh ${fmt(median(ssh))}, hapilot ${fmt(median(consoleMs))}: ${ratio.toFixed(2)}x one cold ssh (target 2x: ${ratio <= 2 ? 'met' : 'MISSED'})`,
  );
  // Where the time goes: start-up with the modules (--version), then connect and one probe round
  // on both nodes (status), then the console's own part (the rest).
  const version: number[] = [];
  const status: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    version.push(await timedRun(NODE, [CLI, '--version']));
    status.push(await timedRun(NODE, [CLI, 'status', '--cluster', LAB.clusterFile]));
  }
  console.log(
    `  where it goes (medians): node start-up and modules ${fmt(median(version))} (hapilot --version); + config, both ssh connections and one probe round ${fmt(median(status) - median(version))} (hapilot status: ${fmt(median(status))}); + Ink, first frame, terminal ${fmt(median(consoleMs) - median(status))}`,
  );

  console.log(`\n(2) hapilot watch --interval 2: CPU and RSS over ${WATCH_SECONDS} s`);
  await watchCost();
  console.log(
    `\nload average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await stopTmuxServer();
}

await main();
