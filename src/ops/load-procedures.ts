// Loads procedure definitions: the built-ins shipped in procedures/, then a site's own folder.
// A definition may extend another (takeover is a switchover with the roles pinned); the hash of
// the merged definition is journaled, so a resumed run refuses to continue if it changed.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { folderProblem } from '../config/read-file.js';
import {
  ConfigFileError,
  nodePosition,
  parseYamlDocument,
  readYamlFile,
  validateDocument,
  type ParsedYaml,
} from '../config/yaml-schema.js';
import { echoValue } from '../format/echo.js';
import { ProcedureSchema, type Procedure } from './procedure-schema.js';
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

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hashOf(p: Procedure): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}
