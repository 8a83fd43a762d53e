// An engine on two folders standing for two nodes: commands really run (bash in each folder), the
// facts are constructed, the operator answers from a script. For the engine's unit tests.
import { mkdirSync, mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine, type EngineDeps } from '../../src/ops/engine.js';
import { loadProcedures } from '../../src/ops/load-procedures.js';
import { buildPlan } from '../../src/ops/plan.js';
import { parseCluster } from '../../src/config/load-cluster.js';
import { assess } from '../../src/cluster/assessment.js';
import type { Observation } from '../../src/ops/predicates.js';
import type { Operator } from '../../src/ops/operator.js';
import { healthyPair, reachable, NOW } from './facts.js';
import { LocalRunner } from './local-runner.js';
import { RecordingOperator, type Answers } from './recording-operator.js';

export function engineHarness(
  procedure: string,
  opts: { answers?: Answers; operator?: Operator; automation?: boolean; gates?: EngineDeps['gates'] } = {},
) {
  const root = mkdtempSync(path.join(tmpdir(), 'hapilot-engine-'));
  const dirs = { a: path.join(root, 'a'), b: path.join(root, 'b') };
  mkdirSync(dirs.a);
  mkdirSync(dirs.b);
  const procDir = path.join(root, 'procedures');
  mkdirSync(procDir);
  writeFileSync(path.join(procDir, 'demo.yaml'), procedure);
  const automation = opts.automation
    ? `automation:\n  - { name: ha-check, on: both, active: [test, -e, ha-on], pause: [mv, ha-on, ha-paused], resume: [mv, ha-paused, ha-on] }\n`
    : '';
  const def = parseCluster(
    `name: t\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\n${automation}components: { postgres: { version: 15 }, role_files: { role: /etc/r } }\n`,
    '/x/t.yaml',
  ).def;
  const pair = healthyPair();
  const observe = async (): Promise<Observation> => ({
    facts: { a: pair.a, b: pair.b },
    unreachable: {},
    assessment: assess({ nodes: { a: reachable(pair.a), b: reachable(pair.b) } }, def, NOW),
  });
  const runners = { a: new LocalRunner('a', 'lab-a', dirs.a), b: new LocalRunner('b', 'lab-b', dirs.b) };
  const operator = opts.operator ?? new RecordingOperator(opts.answers);
  const deps: EngineDeps = {
    def,
    clusterFile: '/x/t.yaml',
    runners,
    observe,
    operator,
    journalDir: path.join(root, 'journal'),
    local: async () => ({ stdout: '', stderr: '', exitCode: 0, signal: null, durationMs: 0 }),
    identity: { user: 'tester', host: 'jump1', pid: 4242 },
    // Relative to each node's folder: the folders stand for two machines.
    lockFile: 'hapilot.lock',
    ...(opts.gates ? { gates: opts.gates } : {}),
  };
  const loaded = loadProcedures(procDir).get('demo')!;
  const nodes = {
    a: { id: 'a' as const, name: 'lab-a', address: '198.18.0.11' },
    b: { id: 'b' as const, name: 'lab-b', address: '198.18.0.12' },
  };
  const plan = buildPlan(loaded.procedure, def, nodes, { primary: 'a', standby: 'b', basis: 'test' });
  const engine = () => new Engine(deps, loaded, plan);
  const has = (node: 'a' | 'b', f: string) => existsSync(path.join(dirs[node], f));
  return { root, dirs, deps, loaded, plan, engine, has, pair, operator: operator as RecordingOperator };
}
