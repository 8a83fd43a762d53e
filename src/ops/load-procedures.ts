// Loads procedure definitions: the built-ins shipped in procedures/, then a site's own folder.
// A definition may extend another (takeover is a switchover with the roles pinned); the hash of
// the merged definition is journaled, so a resumed run refuses to continue if it changed.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { isScalar } from 'yaml';
import { folderProblem } from '../config/read-file.js';
import {
  ConfigFileError,
  nodePosition,
  type ConfigProblem,
  parseYamlDocument,
  readYamlFile,
  validateDocument,
  type ParsedYaml,
} from '../config/yaml-schema.js';
import { echoValue } from '../format/echo.js';
import { ProcedureSchema, type Procedure } from './procedure-schema.js';
import { scriptProblems } from './template.js';
import { packageFiles } from '../package-root.js';

export interface LoadedProcedure {
  procedure: Procedure;
  file: string;
  /** sha256 of the validated definition (after `extends`), as journaled. */
  hash: string;
  builtin: boolean;
}

const WHAT = 'procedure definition';

/** All procedures by name; a site procedure may not silently replace a built-in. */
export function loadProcedures(siteDir?: string): Map<string, LoadedProcedure> {
  const raw = new Map<string, { file: string; data: Record<string, unknown>; doc: ParsedYaml; builtin: boolean }>();
  const add = (name: string, file: string, doc: ParsedYaml, builtin: boolean) => {
    const data = (isRecord(doc.data) ? doc.data : {}) as Record<string, unknown>;
    const id = typeof data.name === 'string' ? data.name : path.basename(name, '.yaml');
    const clash = raw.get(id);
    if (clash) {
      throw new ConfigFileError(file, WHAT, [
        {
          file,
          ...nodePosition(doc.doc, ['name'], doc.at),
          field: 'name',
          message: `a procedure named ${echoValue(id)} already exists in ${clash.file}; choose another name`,
        },
      ]);
    }
    const unsafe = unsafePlaceholders(file, doc, data);
    if (unsafe.length) throw new ConfigFileError(file, WHAT, unsafe);
    raw.set(id, { file, data, doc, builtin });
  };
  // The built-ins ship with hapilot (in the package folder, or inside the single executable).
  for (const { name, file, text } of packageFiles('procedures', '.yaml')) add(name, file, parseYamlDocument(text, file, WHAT), true);
  if (siteDir) {
    // The site folder was checked when the cluster file loaded; it may have gone since.
    const unusable = folderProblem(siteDir);
    if (unusable)
      throw new ConfigFileError(siteDir, 'procedures folder', [{ file: siteDir, line: 0, column: 0, field: '', message: unusable }]);
    // Hidden files are an editor's (emacs' .#name.yaml lock is a dangling symbolic link).
    for (const name of readdirSync(siteDir)
      .filter((f) => f.endsWith('.yaml') && !f.startsWith('.'))
      .sort()) {
      const file = path.join(siteDir, name);
      // A folder named x.yaml, a FIFO, a huge file: each is refused by name (read-file.ts).
      add(name, file, readYamlFile(file, WHAT), false);
    }
  }

  const out = new Map<string, LoadedProcedure>();
  for (const [id, r] of raw) {
    let data = r.data;
    const parent = data.extends;
    if (parent !== undefined) {
      const base = typeof parent === 'string' ? raw.get(parent) : undefined;
      if (!base || base.data.extends !== undefined) {
        throw new ConfigFileError(r.file, WHAT, [
          {
            file: r.file,
            ...nodePosition(r.doc.doc, ['extends'], r.doc.at),
            field: 'extends',
            message: `expected the name of a procedure that does not itself extend one, got ${echoValue(typeof parent === 'string' ? parent : JSON.stringify(parent))}`,
          },
        ]);
      }
      const { extends: _drop, ...own } = data;
      data = { ...base.data, ...own };
    }
    const procedure = validateDocument(ProcedureSchema, r.doc.doc, isRecord(r.doc.data) ? data : r.doc.data, r.file, r.doc.at, WHAT);
    out.set(id, { procedure, file: r.file, hash: hashOf(procedure), builtin: r.builtin });
  }
  return out;
}

// A placeholder where its value would be read as code (inside $(( )), backticks, a quoted
// here-document, text given to -c or eval) is refused when the file loads, by its own line, so a
// site finds it before a run, not at the step that needed it (template.ts renders the rest as data).
function unsafePlaceholders(file: string, doc: ParsedYaml, data: Record<string, unknown>): ConfigProblem[] {
  const steps = Array.isArray(data.steps) ? (data.steps as unknown[]) : [];
  const out: ConfigProblem[] = [];
  steps.forEach((step, i) => {
    if (!isRecord(step)) return;
    const scripts: [string[], unknown][] = [[['steps', String(i), 'script'], step.script]];
    if (isRecord(step.rollback)) scripts.push([['steps', String(i), 'rollback', 'script'], step.rollback.script]);
    for (const [where, script] of scripts) {
      if (typeof script !== 'string') continue;
      for (const p of scriptProblems(script)) {
        const node = doc.doc.getIn(where, true);
        // A block scalar (script: |) starts on the line after its key; a plain one on its own.
        const first =
          isScalar(node) && node.range
            ? doc.at(node.range[0]).line + (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? 1 : 0)
            : nodePosition(doc.doc, where, doc.at).line;
        out.push({ file, line: first + p.line, column: 0, field: where.join('.'), message: p.message });
      }
    }
  });
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hashOf(p: Procedure): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}
