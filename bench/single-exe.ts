// The single executable against `node dist/cli.js` (issue: "one-file install"). Prints numbers,
// asserts nothing.
//   npx tsx bench/single-exe.ts [--runs 9]
// Each pair runs A (dist/hapilot-linux-x64) then B (the pinned Node on dist/cli.js), A B A B...,
// after one warm-up of each, every run under /usr/bin/time (wall, user+sys CPU, peak RSS); the
// ratio A/B is taken pair by pair, so a drift in the machine's speed hits both sides alike.
//   --version                    start-up and exit, nothing else
//   status --cluster LAB         a real round on the lab's two nodes (ssh2 native crypto in B, pure JS in A)
// and the file's size.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAB } from '../test/support/lab.js';
import { ensureHapilotBuilt, hapilotCommand, SINGLE_EXECUTABLE } from '../test/support/hapilot-binary.js';
import { median, table } from './stats.js';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 9;

interface Run {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
}

const prefs = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-prefs-'));

/** One run of argv under /usr/bin/time; exits 0-3 are hapilot's own (status's monitoring codes). */
async function once(argv: readonly string[]): Promise<Run> {
  const r = await execa('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', ...argv], {
    reject: false,
    stdin: 'ignore',
    env: { HAPILOT_CONFIG_DIR: prefs },
  });
  const m = /^BENCH (\S+) (\S+) (\S+) (\d+)$/m.exec(r.stderr);
  if (!m || (r.exitCode ?? 9) > 3) throw new Error(`${argv.join(' ')} failed (exit ${r.exitCode}): ${r.stderr}`);
  return { wallMs: Number(m[1]) * 1000, cpuMs: (Number(m[2]) + Number(m[3])) * 1000, rssMiB: Number(m[4]) / 1024 };
}

async function paired(args: string[]): Promise<{ a: Run[]; b: Run[] }> {
  const A = [...hapilotCommand('single'), ...args];
  const B = [...hapilotCommand('node'), ...args];
  await once(A);
  await once(B);
  const a: Run[] = [];
  const b: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await once(A));
    b.push(await once(B));
  }
  return { a, b };
}

function rows(name: string, { a, b }: { a: Run[]; b: Run[] }): string[][] {
  const ratio = (k: keyof Run) => median(a.map((x, i) => x[k] / b[i]![k])).toFixed(2);
  const ms = (xs: Run[], k: 'wallMs' | 'cpuMs') => `${median(xs.map((x) => x[k])).toFixed(0)} ms`;
  const mib = (xs: Run[]) => `${median(xs.map((x) => x.rssMiB)).toFixed(0)} MiB`;
  return [
    [`${name}: single executable (A)`, ms(a, 'wallMs'), ms(a, 'cpuMs'), mib(a)],
    [`${name}: node dist/cli.js (B)`, ms(b, 'wallMs'), ms(b, 'cpuMs'), mib(b)],
    [`${name}: A/B, median of pairs`, `${ratio('wallMs')}x`, `${ratio('cpuMs')}x`, `${ratio('rssMiB')}x`],
  ];
}

try {
  await ensureHapilotBuilt('node');
  await ensureHapilotBuilt('single');
  const version = await paired(['--version']);
  const status = await paired(['status', '--cluster', LAB.clusterFile]);
  process.stdout.write(
    `Single executable vs node dist/cli.js (${RUNS} pairs after one warm-up each, medians; both Node ${process.version})\n\n`,
  );
  process.stdout.write(
    `${table(['', 'wall', 'cpu (user+sys)', 'peak RSS'], [...rows('--version', version), ...rows('status', status)])}\n\n`,
  );
  const size = statSync(SINGLE_EXECUTABLE).size;
  process.stdout.write(`dist/hapilot-linux-x64: ${(size / 1e6).toFixed(1)} MB (${size} bytes)\n`);
} finally {
  rmSync(prefs, { recursive: true, force: true });
}
