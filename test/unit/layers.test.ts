// The layer table of ARCHITECTURE.md is the rule, and this test holds every import under src/ to
// it: the table is parsed (its "folder" and "may import" columns), each file is given the layer
// whose folder holds it most closely, and each import, dynamic ones included, must go to the
// file's own layer or one its row lists ("(types)": `import type` only). One source of truth: to
// let a layer reach another, change the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../support/lab.js';
import { importsOf, type ImportEdge } from '../support/imports.js';

interface Layer {
  name: string;
  /** Folders (`src/cli`), files (`src/cli.ts`), or `src/*.ts` for the files directly in src/. */
  places: string[];
  /** The layers it may import, each wholly or for its types only. */
  may: Map<string, 'all' | 'types'>;
}

const SECTION = 'Layers and what each may touch';
const COLUMNS = ['layer', 'folder', 'does', 'may import', 'never'];

function parseLayerTable(markdown: string): Layer[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(SECTION));
  if (!section) throw new Error(`ARCHITECTURE.md has no "## ${SECTION}" section`);
  const rows = section
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  assert.deepEqual(rows[0], COLUMNS, "the layer table's columns");
  const layers = rows.slice(2).map(([name, folder, , may]): Layer => {
    const entries = may === '—' ? [] : may!.split(',').map((e) => e.trim());
    return {
      name: name!,
      places: [...folder!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
      may: new Map(
        entries.map((e) => {
          const m = /^([a-z]+)( \(types\))?$/.exec(e);
          if (!m)
            throw new Error(`ARCHITECTURE.md, layer ${name}: cannot read "${e}" in "may import" (a layer name, or a name and "(types)")`);
          return [m[1]!, m[2] ? 'types' : 'all'];
        }),
      ),
    };
  });
  const names = new Set(layers.map((l) => l.name));
  for (const l of layers)
    for (const target of l.may.keys()) assert.ok(names.has(target), `ARCHITECTURE.md, layer ${l.name}: no layer named "${target}"`);
  return layers;
}

/** The layer of a file: its exact path, else the deepest folder holding it, else `src/*.ts`. */
function layerOf(file: string, layers: readonly Layer[]): Layer | null {
  const rel = path.relative(REPO, file).split(path.sep).join('/');
  let best: { layer: Layer; score: number } | null = null;
  for (const layer of layers)
    for (const place of layer.places) {
      const score =
        place === rel
          ? 10_000
          : place === 'src/*.ts'
            ? path.posix.dirname(rel) === 'src'
              ? 1
              : 0
            : rel.startsWith(`${place}/`)
              ? place.length
              : 0;
      if (score > (best?.score ?? 0)) best = { layer, score };
    }
  return best?.layer ?? null;
}

function violations(edges: readonly ImportEdge[], layers: readonly Layer[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from, layers);
    const to = layerOf(e.to, layers);
    if (!from || !to || from === to) continue;
    const where = `${path.relative(REPO, e.from)}: ${e.dynamic ? `import('${e.spec}')` : `import ${e.typeOnly ? 'type ' : ''}'${e.spec}'`}`;
    const rule = from.may.get(to.name);
    if (!rule)
      out.push(`${where} reaches ${to.name}, which ${from.name} may not import (it may: ${[...from.may.keys()].join(', ') || 'nothing'})`);
    else if (rule === 'types' && !e.typeOnly) out.push(`${where} loads ${to.name}'s code, where ${from.name} may import its types only`);
  }
  return out;
}

function sourceFiles(dir = path.join(REPO, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(path.join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [path.join(dir, d.name)] : [],
  );
}

const LAYERS = parseLayerTable(readFileSync(path.join(REPO, 'ARCHITECTURE.md'), 'utf8'));
const FILES = sourceFiles();
const src = (f: string) => path.join(REPO, 'src', f);

test('every file under src/ belongs to a layer of the table', () => {
  assert.deepEqual(
    FILES.filter((f) => !layerOf(f, LAYERS)).map((f) => path.relative(REPO, f)),
    [],
  );
  assert.equal(layerOf(src('screens/wizard/WizardScreen.tsx'), LAYERS)?.name, 'wizard');
  assert.equal(layerOf(src('screens/console/Console.tsx'), LAYERS)?.name, 'screens');
  assert.equal(layerOf(src('cli.ts'), LAYERS)?.name, 'cli');
  assert.equal(layerOf(src('operator-error.ts'), LAYERS)?.name, 'shared');
});

test('every import under src/ goes where its layer may go (ARCHITECTURE.md)', () => {
  const edges = FILES.flatMap((f) => importsOf(f));
  assert.deepEqual(violations(edges, LAYERS), []);
  // Not vacuous: it read the imports, across layers, typed and dynamic.
  const across = edges.filter((e) => layerOf(e.from, LAYERS) !== layerOf(e.to, LAYERS));
  assert.ok(across.length > 150, `${across.length} imports across layers`);
  assert.ok(across.some((e) => e.typeOnly) && across.some((e) => e.dynamic));
});

test('a forbidden import fails naming the file and the import', () => {
  const edge = (from: string, to: string, spec: string, typeOnly = false): ImportEdge => ({
    from: src(from),
    to: src(to),
    spec,
    typeOnly,
    dynamic: false,
  });
  assert.deepEqual(
    violations(
      [
        edge('view/status-json.ts', 'cli/main.ts', '../cli/main.js'),
        edge('screens/console/Console.tsx', 'transport/session.ts', '../../transport/session.js'),
        edge('screens/console/Console.tsx', 'transport/types.ts', '../../transport/types.js', true),
        edge('screens/console/Console.tsx', 'screens/wizard/index.tsx', '../wizard/index.js'),
        edge('config/schema.ts', 'format/text.ts', '../format/text.js'),
      ],
      LAYERS,
    ),
    [
      "src/view/status-json.ts: import '../cli/main.js' reaches cli, which view may not import (it may: shared, format, config, cluster)",
      "src/screens/console/Console.tsx: import '../../transport/session.js' loads transport's code, where screens may import its types only",
      "src/screens/console/Console.tsx: import '../wizard/index.js' reaches wizard, which screens may not import (it may: shared, format, config, cluster, view, transport)",
    ],
  );
});
