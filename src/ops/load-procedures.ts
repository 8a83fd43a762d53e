// Loads procedure definitions: the built-ins shipped in procedures/, then a site's own folder.
// A definition may extend another (takeover is a switchover with the roles pinned); the hash of
// the merged definition is journaled, so a resumed run refuses to continue if it changed.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ConfigFileError, parseYamlDocument, validateDocument } from '../config/yaml-schema.js';
import { ProcedureSchema, type Procedure } from './procedure-schema.js';
import { filesIn, packageFiles, type TextFile } from '../package-root.js';

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
  const raw = new Map<
    string,
    { file: string; data: Record<string, unknown>; doc: ReturnType<typeof parseYamlDocument>; builtin: boolean }
  >();
  const read = (files: TextFile[], builtin: boolean) => {
    for (const { name, file, text } of files) {
      const doc = parseYamlDocument(text, file, WHAT);
      const data = doc.doc.toJS() as Record<string, unknown>;
      const id = typeof data.name === 'string' ? data.name : path.basename(name, '.yaml');
      const clash = raw.get(id);
      if (clash) {
        throw new ConfigFileError(file, WHAT, [
          {
            file,
            line: 1,
            column: 1,
            field: 'name',
            message: `a procedure named "${id}" already exists in ${clash.file}; choose another name`,
          },
        ]);
      }
      raw.set(id, { file, data, doc, builtin });
    }
  };
  read(packageFiles('procedures', '.yaml'), true);
  if (siteDir) read(filesIn(siteDir, '.yaml'), false);

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
            line: 1,
            column: 1,
            field: 'extends',
            message: `expected the name of a procedure that does not itself extend one, got ${JSON.stringify(parent)}`,
          },
        ]);
      }
      const { extends: _drop, ...own } = data;
      data = { ...base.data, ...own };
    }
    const procedure = validateDocument(ProcedureSchema, r.doc.doc, data, r.file, r.doc.at, WHAT);
    out.set(id, { procedure, file: r.file, hash: hashOf(procedure), builtin: r.builtin });
  }
  return out;
}

export function hashOf(p: Procedure): string {
  return createHash('sha256').update(JSON.stringify(p)).digest('hex');
}
