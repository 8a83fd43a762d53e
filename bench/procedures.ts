// Procedure figures on the lab (issue: "Guided procedures"). Prints numbers, asserts nothing.
//   npx tsx bench/procedures.ts [--steps 20] [--rounds 2]
// (1) engine overhead per step: a procedure of N trivial run steps; the wall time from the first
//     step to the last, minus the time the commands themselves took (as the transport measured
//     them), per step, is the engine's own cost (gate, journal entries written and fsync'd, events);
// (2) switchover on the lab: `hapilot run switchover` then `takeover` (scripted), against
//     `repmgr standby switchover` done by hand on the same lab, both directions. repmgr moves
//     PostgreSQL only; hapilot also moves Redis, the VIP and the role files and checks health, so
//     its PostgreSQL part (stop of the primary to the old primary streaming) is shown as well;
// (3) with --profiles P1,P2 (lab profiles, lab/README.md): the lab is turned into each in turn and
//     a switchover then a takeover run while a client writes through the VIP: total time and the
//     longest window in which writes through the VIP failed, each profile moving the VIP its own way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, inNode } from '../test/support/lab.js';
import { currentRoles } from '../test/e2e/support.js';
import { loadClusterFile } from '../src/config/load-cluster.js';
import { openSession } from '../src/transport/session.js';
import { createEngine, prepareRun } from '../src/ops/launcher.js';
import { scriptedOperator } from '../src/ops/operator.js';
import { listRuns, readRun } from '../src/ops/journal.js';
import { median, table, timed } from './stats.js';
import { VipWriter } from '../test/support/writer.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : dflt);
const STEPS = arg('steps', 20);
const ROUNDS = arg('rounds', 2);
const PROFILES = args.includes('--profiles') ? (args[args.indexOf('--profiles') + 1] ?? '').split(',').filter(Boolean) : [];
const NODE = path.join(REPO, 'node_modules/.bin/node');
const CLI = path.join(REPO, 'dist/cli.js');

async function engineOverhead(): Promise<{ perStepMs: number; commandsMs: number; engineMs: number }> {
  const procDir = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-proc-'));
  const steps = Array.from(
    { length: STEPS },
    (_, i) => `  - { id: s${i}, kind: run, on: primary, title: step ${i}, command: ['true'] }`,
  ).join('\n');
  writeFileSync(
    path.join(procDir, 'trivial.yaml'),
    `name: trivial\ntitle: Trivial\ndescription: ${STEPS} steps that do nothing\npause_automation: false\nsteps:\n${steps}\n`,
  );
  const cluster = loadClusterFile(LAB.clusterFile);
  cluster.def.procedures_dir = procDir;
  cluster.def.automation = [];
  process.env.HAPILOT_JOURNAL_DIR = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-journal-'));
  const session = openSession(cluster, { readOnly: false, interactiveHostKey: null });
  try {
    const runners = { a: session.a, b: session.b };
    const prepared = await prepareRun(cluster, runners, 'trivial');
    const engine = createEngine(cluster, runners, prepared, scriptedOperator({ confirm: ['lab-a', 'lab-b'], ack: [], onFailure: 'stop' }));
    let first = 0;
    let last = 0;
    engine.on('change', (v) => {
      if (!first && v.steps[0]!.status === 'running') first = performance.now();
      if (v.steps.at(-1)!.status === 'done') last ||= performance.now();
    });
    const r = await engine.run();
    if (r.outcome !== 'succeeded') throw new Error(r.message);
    const engineMs = last - first;
    const entries = readRun(engine.journalFile);
    const commandsMs = entries.reduce((sum, e) => sum + (e.type === 'step-end' && e.durationMs !== undefined ? e.durationMs : 0), 0);
    return { perStepMs: (engineMs - commandsMs) / STEPS, commandsMs, engineMs };
  } finally {
    await session.close();
  }
}

/** `hapilot run NAME` wall time, and its PostgreSQL part from the journal. */
async function hapilotRun(name: 'switchover' | 'takeover'): Promise<{ total: number; postgres: number }> {
  const journal = mkdtempSync(path.join(tmpdir(), 'hapilot-bench-journal-'));
  const { ms, value } = await timed(() =>
    execa(NODE, [CLI, 'run', name, '-c', LAB.clusterFile, '--confirm', 'lab-a', '--confirm', 'lab-b'], {
      reject: false,
      env: { HAPILOT_JOURNAL_DIR: journal },
    }),
  );
  if (value.exitCode !== 0) throw new Error(`hapilot run ${name} exited ${value.exitCode}:\n${value.stdout}`);
  const entries = readRun(listRuns(journal)[0]!.file);
  const at = (type: string, step: string) => Date.parse(entries.find((e) => e.type === type && 'stepId' in e && e.stepId === step)!.t);
  return { total: ms, postgres: at('step-end', 'old-primary-streams') - at('step-start', 'stop-primary') };
}

/** `repmgr standby switchover` run by hand on the standby, as its documentation shows. */
async function repmgrSwitchover(onNode: 'a' | 'b'): Promise<number> {
  const { ms, value } = await timed(() =>
    inNode(onNode, 'cd / && su postgres -c "repmgr -f /etc/repmgr.conf standby switchover"', { reject: false }),
  );
  if (value.exitCode !== 0) throw new Error(`repmgr standby switchover on ${onNode} failed:\n${value.stdout}\n${value.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  process.stdout.write(`Procedure figures on the lab\n\n`);
  const o = await engineOverhead();
  process.stdout.write(
    `(1) engine overhead: ${STEPS} trivial steps took ${o.engineMs.toFixed(0)} ms from first to last, of which the commands ${o.commandsMs.toFixed(0)} ms ` +
      `-> ${o.perStepMs.toFixed(1)} ms per step of engine (gate, journal entries fsync'd, events)\n\n`,
  );

  // Each round starts from the lab's original layout (A primary); other work may have left B primary.
  if ((await currentRoles()).primary === 'b') {
    process.stdout.write('the lab has B primary: a takeover first to start from A primary (not counted)\n\n');
    await hapilotRun('takeover');
  }
  const hapilot: { total: number; postgres: number }[] = [];
  const repmgr: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    hapilot.push(await hapilotRun('switchover'));
    hapilot.push(await hapilotRun('takeover'));
    repmgr.push(await repmgrSwitchover('b'));
    repmgr.push(await repmgrSwitchover('a'));
  }
  // repmgr leaves Redis, the VIP and the role files where they were: the lab is back on A.
  process.stdout.write(
    `${table(
      ['(2) switchover on the lab', 'runs', 'median'],
      [
        [
          'hapilot run switchover/takeover, whole procedure (CLI, cold)',
          hapilot.length,
          `${median(hapilot.map((h) => h.total)).toFixed(0)} ms`,
        ],
        [
          '  of which PostgreSQL: primary stop to old primary streaming',
          hapilot.length,
          `${median(hapilot.map((h) => h.postgres)).toFixed(0)} ms`,
        ],
        ['repmgr standby switchover by hand (PostgreSQL only)', repmgr.length, `${median(repmgr).toFixed(0)} ms`],
      ],
    )}\n`,
  );
}

/** (3): a switchover and a takeover on each profile under writes through the VIP. */
async function perProfile(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const profile of PROFILES) {
    await execa('bash', [path.join(REPO, 'lab/lab.sh'), 'profile', profile], { stdio: 'ignore' });
    for (const name of ['switchover', 'takeover'] as const) {
      const writer = new VipWriter(`bench-${profile}-${name}`);
      writer.start();
      await new Promise((r) => setTimeout(r, 1000));
      const run = await hapilotRun(name);
      await new Promise((r) => setTimeout(r, 1000));
      await writer.stop();
      rows.push([`${profile}: ${name}`, `${run.total.toFixed(0)} ms`, `${writer.longestGapMs()} ms`, writer.committed.length]);
      // Each figure as soon as it is measured: a later profile that fails does not lose it.
      process.stdout.write(`${rows.at(-1)!.join('  ')}\n`);
    }
  }
  process.stdout.write(
    `\n${table(['(3) on each profile, writes through the VIP', 'whole procedure', 'longest write gap', 'rows committed'], rows)}\n`,
  );
}

if (PROFILES.length) await perProfile();
else await main();
