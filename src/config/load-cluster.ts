// Reads a cluster definition: YAML parsed with positions, validated by the schema, every problem
// reported as FILE:LINE:COLUMN: FIELD: what was expected. All problems at once, not the first.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { echoValue } from '../format/echo.js';
import { fileProblem, folderProblem } from './read-file.js';
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
  const problems = [...nodeNameProblems(def, locate), ...localPathProblems(def, locate)];
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

// A file or folder named in the cluster file that is not what it should be would otherwise surface
// later and worse: a missing procedures_dir as "no procedure named ...", a mistyped
// ssh.known_hosts as an "unknown key, trust it?" question for a node whose key is known, an
// ssh.config that is a folder as ssh's defaults used without a word (ssh -G reads it as empty). A
// missing ssh.config is left to ssh, which says so itself (and the examples in config/ name files
// of the operator's machine).
function localPathProblems(def: ClusterDefinition, locate: Locate): ConfigProblem[] {
  const unlessMissing = (p: string) => (existsSync(p) ? fileProblem(p) : null);
  const checks: [string[], string | undefined, (p: string) => string | null][] = [
    [['procedures_dir'], def.procedures_dir, folderProblem],
    [['ssh', 'config'], def.ssh.config, unlessMissing],
    [['ssh', 'known_hosts'], def.ssh.known_hosts, fileProblem],
  ];
  return checks.flatMap(([field, p, check]) => {
    const why = p === undefined ? null : check(p);
    return why ? [{ ...locate(field), field: field.join('.'), message: `${p}: ${why}` }] : [];
  });
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
