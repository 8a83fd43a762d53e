// Reads a cluster definition: YAML parsed with positions, validated by the schema, every problem
// reported as FILE:LINE:COLUMN: FIELD: what was expected. All problems at once, not the first.
import path from 'node:path';
import { echoValue } from '../format/echo.js';
import { folderProblem } from './read-file.js';
import { ClusterSchema, type ClusterDefinition } from './schema.js';
import { shownNameKey } from './shown-name.js';
import {
  ConfigFileError,
  nodePosition,
  parseYamlDocument,
  readYamlFile,
  validateDocument,
  type ConfigProblem,
  type ParsedYaml,
} from './yaml-schema.js';

export { ConfigFileError as ClusterFileError, formatProblem, type ConfigProblem } from './yaml-schema.js';

const WHAT = 'cluster definition';

export interface LoadedCluster {
  /** Absolute path of the file it came from. */
  file: string;
  /** Every node has its `name`: the one given, else its alias or host (distinct, see nodeNameProblems). */
  def: ClusterDefinition;
}

export function loadClusterFile(file: string): LoadedCluster {
  const abs = path.resolve(file);
  return fromYaml(readYamlFile(abs, WHAT), abs);
}

/** Parse and validate the text of a cluster file; `file` is used for messages and relative paths. */
export function parseCluster(text: string, file: string): LoadedCluster {
  return fromYaml(parseYamlDocument(text, file, `${WHAT} (see config/*.yaml)`), file);
}

function fromYaml(parsed: ParsedYaml, file: string): LoadedCluster {
  const valid = validateDocument(ClusterSchema, parsed.doc, parsed.data, file, parsed.at, WHAT);
  const def = withNodeNames(resolveLocalPaths(valid, path.dirname(file)));
  const locate = (p: string[]) => ({ file, ...nodePosition(parsed.doc, p, parsed.at) });
  const problems = [...nodeNameProblems(def, locate), ...proceduresDirProblems(def, locate)];
  if (problems.length > 0) throw new ConfigFileError(file, WHAT, problems);
  return { file, def };
}

type Locate = (p: string[]) => Pick<ConfigProblem, 'file' | 'line' | 'column'>;

/** Each node's shown name, as the console, the gates and the journal use it. */
function withNodeNames(def: ClusterDefinition): ClusterDefinition {
  const named = (n: ClusterDefinition['nodes']['a']) => ({ ...n, name: n.name ?? n.alias ?? n.host });
  return { ...def, nodes: { a: named(def.nodes.a), b: named(def.nodes.b) } };
}

// A destructive step's gate asks for the node's name typed: two nodes shown alike (one host on
// two ports, "DB1" and "db1") would let one confirmation serve either node.
function nodeNameProblems(def: ClusterDefinition, locate: Locate): ConfigProblem[] {
  const { a, b } = def.nodes;
  if (!a.name || !b.name || shownNameKey(a.name) !== shownNameKey(b.name)) return [];
  const same =
    a.name === b.name ? `both shown as ${echoValue(a.name)}` : `shown as ${echoValue(a.name)} and ${echoValue(b.name)}, which read alike`;
  const example = `${b.name}-${b.port ?? 'b'}`;
  return [
    {
      ...locate(['nodes', 'b']),
      field: 'nodes.b',
      message: `nodes a and b are ${same}: nobody could tell them apart, nor confirm a step on the right one; give them different names with name: (for example name: ${example})`,
    },
  ];
}

// A folder named in the file that is not there would otherwise surface only when a procedure is
// looked for, as "no procedure named ...", at the worst moment.
function proceduresDirProblems(def: ClusterDefinition, locate: Locate): ConfigProblem[] {
  const dir = def.procedures_dir;
  if (dir === undefined) return [];
  const why = folderProblem(dir);
  return why ? [{ ...locate(['procedures_dir']), field: 'procedures_dir', message: `${dir}: ${why}` }] : [];
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
