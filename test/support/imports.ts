// The project's own imports, read from the source text: `import`/`export ... from`, side-effect
// imports and dynamic `import()`. `import type` and `export type` are erased by the compiler
// (`typeOnly`); an inline `import { type X }` still loads the module (verbatimModuleSyntax), so it
// counts as a value import. Used by the layer test and the import-graph test.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './lab.js';

export interface ImportEdge {
  /** The importing file and the imported one, absolute. */
  from: string;
  to: string;
  /** As written in the source. */
  spec: string;
  typeOnly: boolean;
  dynamic: boolean;
}

const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The project file a relative specifier names; null for a package. */
export function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec).replace(/\.js$/, '');
  for (const ext of ['.ts', '.tsx', '/index.ts', '/index.tsx']) if (existsSync(base + ext)) return base + ext;
  throw new Error(`${path.relative(REPO, from)}: cannot resolve ${spec}`);
}

/** Every import of project code in one file. */
export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, 'utf8');
  const edges: ImportEdge[] = [];
  for (const m of text.matchAll(STATIC)) {
    const to = resolveImport(file, m[2]!);
    if (to) edges.push({ from: file, to, spec: m[2]!, typeOnly: Boolean(m[1]), dynamic: false });
  }
  for (const m of text.matchAll(DYNAMIC)) {
    const to = resolveImport(file, m[1]!);
    if (to) edges.push({ from: file, to, spec: m[1]!, typeOnly: false, dynamic: true });
  }
  return edges;
}
