// "Read-only mode cannot reach ops": the wallboard's entry point, and the read-only path of the
// console, import nothing from src/ops. This walks the import graph (test/support/imports.ts):
// static and dynamic imports (the screens are loaded that way); `import type` is erased by the
// compiler and not followed. The one edge left out on purpose is the console's dynamic import of
// the wizard, which only a read-write console makes. Which layer may import which, one import at
// a time, is test/unit/layers.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../support/lab.js';
import { importsOf } from '../../support/imports.js';

/** Every project module that can be loaded, with the chain that led to it; and the dynamic imports seen. */
function importGraph(entry: string, skip: readonly string[] = []): { reached: Map<string, string[]>; dynamic: string[] } {
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const dynamic: string[] = [];
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const edge of importsOf(file)) {
      if (edge.typeOnly) continue; // import type / export type: erased
      if (edge.dynamic) {
        dynamic.push(edge.to);
        if (skip.includes(edge.to)) continue;
      }
      if (reached.has(edge.to)) continue;
      reached.set(edge.to, [...reached.get(file)!, edge.to]);
      queue.push(edge.to);
    }
  }
  return { reached, dynamic };
}

const rel = (f: string) => path.relative(REPO, f);
const OPS = path.join(REPO, 'src', 'ops') + path.sep;

const WIZARD = path.join(REPO, 'src/screens/wizard/index.tsx');

function assertNoOps(entry: string, skip: readonly string[] = []): ReturnType<typeof importGraph> {
  const g = importGraph(path.join(REPO, entry), skip);
  const ops = [...g.reached.keys()].filter((f) => f.startsWith(OPS));
  assert.deepEqual(
    ops.map((f) => g.reached.get(f)!.map(rel).join(' -> ')),
    [],
    `${entry} must not reach src/ops`,
  );
  return g;
}

test('hapilot watch: no module of src/ops is reachable from src/cli/watch.ts', () => {
  const g = assertNoOps('src/cli/watch.ts');
  // The walk did reach what the wallboard really uses (it is not vacuous).
  for (const f of ['src/screens/watch/Wallboard.tsx', 'src/transport/session.ts', 'src/cluster/monitor.ts', 'src/probes/round.ts']) {
    assert.ok(g.reached.has(path.join(REPO, f)), `reaches ${f}`);
  }
});

test('the console: src/ops only through the dynamic import of the wizard, which a read-only console never makes', () => {
  const g = assertNoOps('src/cli/console.ts', [WIZARD]);
  assert.ok(g.dynamic.includes(WIZARD), 'the wizard is a dynamic import');
  assert.ok(g.reached.has(path.join(REPO, 'src/screens/console/Console.tsx')), 'the screens are reached (through their dynamic import)');
  // And the walker does see ops behind the wizard: the check above would catch any other way in.
  const behind = importGraph(WIZARD);
  assert.ok(
    [...behind.reached.keys()].some((f) => f.startsWith(OPS)),
    'the wizard reaches src/ops',
  );
  const text = readFileSync(path.join(REPO, 'src/cli/console.ts'), 'utf8');
  assert.match(
    text,
    /readOnly\s*\?\s*null\s*:\s*\{\s*load: \(\) => \(loading \?\?= import\('\.\.\/screens\/wizard\/index\.js'\)/,
    'the wizard is only loadable in read-write mode',
  );
});

test('the hapilot process itself: src/ops only behind the dynamic imports of run, lock, journal and the wizard', () => {
  // commander declares every command at start; what a command does is loaded when it runs, so a
  // `hapilot watch` process never has the code that changes a node in memory.
  const actions = ['src/cli/run-command.ts', 'src/cli/lock-command.ts', 'src/cli/journal-command.ts'].map((f) => path.join(REPO, f));
  const g = assertNoOps('src/cli.ts', [WIZARD, ...actions]);
  for (const a of actions) assert.ok(g.dynamic.includes(a), `${rel(a)} is a dynamic import`);
  assert.ok(g.reached.has(path.join(REPO, 'src/cli/watch.ts')), 'the walk reaches the commands');
});

test('the screens shared with the wallboard never import the wizard or ops', () => {
  for (const entry of [
    'src/screens/console/Console.tsx',
    'src/screens/console/mount.ts',
    'src/screens/watch/mount.ts',
    'src/screens/fullscreen.ts',
    'src/cli/live-monitor.ts',
  ])
    assertNoOps(entry);
});
