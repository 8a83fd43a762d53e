// Reads a cluster definition: YAML parsed with positions, validated by the schema, every problem
// reported as FILE:LINE:COLUMN: FIELD: what was expected. All problems at once, not the first.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClusterSchema, type ClusterDefinition } from './schema.js';
import { ConfigFileError, parseYamlWith } from './yaml-schema.js';

export { ConfigFileError as ClusterFileError, formatProblem, type ConfigProblem } from './yaml-schema.js';

const WHAT = 'cluster definition';

export interface LoadedCluster {
  /** Absolute path of the file it came from. */
  file: string;
  def: ClusterDefinition;
}

export function loadClusterFile(file: string): LoadedCluster {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(e);
    throw new ConfigFileError(abs, WHAT, [{ file: abs, line: 1, column: 1, field: '', message: `cannot read the cluster file: ${why}` }]);
  }
  return parseCluster(text, abs);
}

/** Parse and validate the text of a cluster file; `file` is used for messages and relative paths. */
export function parseCluster(text: string, file: string): LoadedCluster {
  const def = parseYamlWith(ClusterSchema, text, file, `${WHAT} (see config/*.yaml)`);
  return { file, def: resolveLocalPaths(def, path.dirname(file)) };
}

/** Paths on the operator's machine are relative to the cluster file, not to the current directory. */
function resolveLocalPaths(def: ClusterDefinition, dir: string): ClusterDefinition {
  const local = (p: string | undefined) => (p === undefined ? undefined : path.resolve(dir, expandHome(p)));
  return {
    ...def,
    ssh: { ...def.ssh, config: local(def.ssh.config), known_hosts: local(def.ssh.known_hosts) },
    procedures_dir: local(def.procedures_dir),
    nodes: {
      a: { ...def.nodes.a, identity: local(def.nodes.a.identity) },
      b: { ...def.nodes.b, identity: local(def.nodes.b.identity) },
    },
  };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(process.env.HOME ?? '', p.slice(1)) : p;
}
