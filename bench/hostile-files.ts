// Hostile and oversized files (issue 11, "Hardening"). Prints numbers, asserts nothing; no lab needed.
//   npx tsx bench/hostile-files.ts
// Each case runs in a fresh process that loads the cluster file (or known_hosts) once, so its peak
// resident memory (maxRSS) is the cost of that file alone plus the runtime's, shown beside an
// empty run ("baseline"). Time is from the start of loading to its end (refusal or success).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { aliasBomb } from '../test/fixtures/config/alias-bomb.js';
import { table } from './stats.js';

const SELF = fileURLToPath(import.meta.url);
const minimal = 'name: x\nnodes:\n  a: { alias: n1 }\n  b: { alias: n2 }\n';

interface Sample {
  ms: number;
  maxRssMiB: number;
  outcome: string;
}

async function measureOne(kind: string, file: string): Promise<Sample> {
  // Modules are loaded before the clock starts: the figure is the file's cost, not the import's.
  const { loadClusterFile } = await import('../src/config/load-cluster.js');
  const { loadKnownHosts, checkHostKey } = await import('../src/transport/known-hosts.js');
  const t = performance.now();
  let outcome = 'loaded';
  try {
    if (kind === 'cluster') {
      loadClusterFile(file);
    } else if (kind === 'known_hosts') {
      const entries = loadKnownHosts([file]);
      const probe = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIGHjA5sAsxjpjupxs0nr5RnChp/gwJb2Ji7u20xmI0ri', 'base64');
      const r = checkHostKey(entries, 'not-there.example', 22, 'ssh-ed25519', probe);
      outcome = `${entries.length} entries, ${r.result}`;
    }
  } catch (e) {
    outcome = `refused: ${String((e as Error).message)
      .split(': ')
      .slice(-2)
      .join(': ')
      .slice(0, 60)}`;
  }
  return { ms: performance.now() - t, maxRssMiB: process.resourceUsage().maxRSS / 1024, outcome };
}

async function inChild(kind: string, file: string): Promise<Sample> {
  const r = await execa(process.execPath, ['--import', 'tsx', SELF, '--one', kind, file], { reject: false, timeout: 600_000 });
  if (r.exitCode !== 0) return { ms: Number.NaN, maxRssMiB: Number.NaN, outcome: `crashed: ${r.stderr.split('\n')[0]}` };
  return JSON.parse(r.stdout) as Sample;
}

function knownHosts(lines: number, hashed: boolean): string {
  const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICE2eLvY5UFUUzvNkWJqXwJh2yHzYOAc80arD7srfbQb';
  const salt = Buffer.alloc(20, 7).toString('base64');
  const hash = Buffer.alloc(20, 9).toString('base64');
  return `${Array.from({ length: lines }, (_, i) => `${hashed ? `|1|${salt}|${hash}` : `host${i}.example.org,10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`} ${key}`).join('\n')}\n`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-files-'));
  try {
    const write = (name: string, text: string) => {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      return f;
    };
    const cases: [string, string, string][] = [
      ['baseline (modules loaded, no file)', 'none', ''],
      ['minimal cluster file', 'cluster', write('minimal.yaml', minimal)],
      ['alias bomb (387 M nodes expanded)', 'cluster', write('bomb.yaml', aliasBomb(minimal))],
      ['30 MB cluster file', 'cluster', write('30mb.yaml', `${minimal}description: "${'a'.repeat(30 * 1024 * 1024)}"\n`)],
      ['1 MiB of nested [', 'cluster', write('deep.yaml', `${minimal}description: ${'['.repeat(1024 * 1000)}\n`)],
      ['1000 KiB valid file (long text)', 'cluster', write('long.yaml', `${minimal}description: "${'a'.repeat(1000 * 1024)}"\n`)],
      ['known_hosts, 10,000 plain lines', 'known_hosts', write('kh-plain', knownHosts(10_000, false))],
      ['known_hosts, 10,000 hashed lines', 'known_hosts', write('kh-hashed', knownHosts(10_000, true))],
    ];
    const rows: (string | number)[][] = [];
    for (const [label, kind, file] of cases) {
      const s = await inChild(kind, file);
      rows.push([label, s.ms.toFixed(1), s.maxRssMiB.toFixed(0), s.outcome]);
    }
    process.stdout.write(`${table(['case', 'ms', 'max RSS MiB', 'outcome'], rows)}\n`);
    // Each case is a cold process: the JIT has not warmed up, and a loaded machine multiplies the times.
    process.stdout.write(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const one = process.argv.indexOf('--one');
if (one >= 0) {
  process.stdout.write(JSON.stringify(await measureOne(process.argv[one + 1]!, process.argv[one + 2]!)));
} else {
  await main();
}
