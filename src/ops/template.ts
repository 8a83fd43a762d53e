// {{name}} placeholders in procedure commands, resolved against the cluster definition, the roles
// fixed at plan time and values captured by earlier steps. A value is always data, never code:
// in a command list each argument is quoted whole; in a script every value is assigned, single-
// quoted, to a variable on a line of its own before the script (hp_vars_x='...'), and each
// {{value}} becomes the expansion of that variable that is data where it stands (script-sites.ts).
// Splicing the quoted value itself was not enough: inside "...", '$(cmd)' is not quoted at all,
// so a value captured on one node ran as root on the other (issue 11, item 1).
import { argvToShell } from '../transport/quote.js';
import { conninfo } from './conninfo.js';
import { placeholderSites, unsafeSiteReason, type SiteContext } from './script-sites.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeId } from '../cluster/facts.js';
import { OperatorError } from '../operator-error.js';

export interface NodeInfo {
  id: NodeId;
  name: string;
  /** Address on the cluster network, as the peer reaches it. */
  address: string;
  /**
   * What the plan found on this node and decided (ops/site.ts): values that replace the cluster
   * file's defaults for commands on this node (postgres.data_dir as the node has it), and shell
   * code hapilot built itself ({{pg.stop}}, {{vip_move.command}}), every value in it quoted already.
   */
  site?: {
    values: Readonly<Record<string, string>>;
    code: Readonly<Record<string, string>>;
    /** Values the plan could not decide, with why: a step that uses one cannot be planned. */
    refused?: Readonly<Record<string, string>>;
  };
}

/** A value the plan could not decide for this site: using it stops the plan with the reason. */
export class RefusedValue {
  constructor(readonly reason: string) {}
}

/** Shell text hapilot built itself, every value in it quoted already: put into a script as it is. */
export class ShellCode {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type TemplateValue = string | ShellCode | RefusedValue;

export interface TemplateContext {
  def: ClusterDefinition;
  nodes: Record<NodeId, NodeInfo>;
  /** Fixed at plan time for the whole run. */
  roles: { primary: NodeId; standby: NodeId };
  runId: string;
  vars: Record<string, string>;
}

export class TemplateError extends OperatorError {
  override name = 'TemplateError';
}

const other = (n: NodeId): NodeId => (n === 'a' ? 'b' : 'a');

/** Every value a template may use, by dotted name. `self`/`peer` are relative to the node a command runs on. */
export function templateValues(ctx: TemplateContext, self: NodeId | null): Map<string, TemplateValue> {
  const v = new Map<string, TemplateValue>();
  const { def } = ctx;
  const pg = def.components.postgres;
  const node = (prefix: string, id: NodeId) => {
    const n = ctx.nodes[id];
    const peer = ctx.nodes[other(id)];
    v.set(`${prefix}.id`, id);
    v.set(`${prefix}.name`, n.name);
    v.set(`${prefix}.address`, n.address);
    if (pg) {
      v.set(`${prefix}.slot`, pg.slots[id]);
      // How the peer, as a standby, connects to this node (application_name = the peer's name).
      const info = conninfo([
        ['host', n.address],
        ['port', pg.port],
        ['user', pg.replication_user],
        ['application_name', peer.name],
        ['connect_timeout', 5],
      ]);
      v.set(`${prefix}.conninfo_for_peer`, info);
      // The same with the database to connect to (pg_rewind's source), quoted as libpq reads it.
      v.set(`${prefix}.conninfo_for_peer_db`, `${info} ${conninfo([['dbname', pg.database]])}`);
    }
  };
  node('primary', ctx.roles.primary);
  node('standby', ctx.roles.standby);
  node('a', 'a');
  node('b', 'b');
  if (self) {
    node('self', self);
    node('peer', other(self));
  }
  if (pg) {
    const version = String(pg.version);
    v.set('postgres.version', version);
    v.set('postgres.cluster', pg.cluster);
    v.set('postgres.port', String(pg.port));
    v.set('postgres.os_user', pg.os_user);
    v.set('postgres.database', pg.database);
    v.set('postgres.replication_user', pg.replication_user);
    // Debian's layout (pg_createcluster), unless the definition says otherwise.
    v.set('postgres.data_dir', pg.data_dir ?? `/var/lib/postgresql/${version}/${pg.cluster}`);
    v.set('postgres.config_file', `/etc/postgresql/${version}/${pg.cluster}/postgresql.conf`);
    v.set('postgres.bin_dir', `/usr/lib/postgresql/${version}/bin`);
  }
  const c = def.components;
  if (c.redis) v.set('redis.port', String(c.redis.port));
  if (c.sentinel) {
    v.set('sentinel.port', String(c.sentinel.port));
    v.set('sentinel.master', c.sentinel.master);
  }
  if (c.keepalived?.release_file) v.set('keepalived.release_file', c.keepalived.release_file);
  if (c.role_files) {
    v.set('role_files.role', c.role_files.role);
    if (c.role_files.status) v.set('role_files.status', c.role_files.status);
  }
  if (c.repmgr) v.set('repmgr.config', c.repmgr.config);
  // One name a line (names are letters, digits and . _ - @ : +): a script reads them with `read`.
  const primaryOnly = (c.services ?? []).filter((s) => s.run_on === 'primary').map((s) => s.name);
  if (primaryOnly.length > 0) v.set('services.primary_only', primaryOnly.join('\n'));
  if (def.vip) v.set('vip.address', def.vip.address);
  v.set('cluster.name', def.name);
  v.set('run.id', ctx.runId);
  for (const [k, val] of Object.entries(ctx.vars)) v.set(`vars.${k}`, val);
  // What was found on the node a command runs on wins over the cluster file's defaults.
  const site = self ? ctx.nodes[self].site : undefined;
  if (site) {
    for (const [k, val] of Object.entries(site.values)) v.set(k, val);
    for (const [k, code] of Object.entries(site.code)) v.set(k, new ShellCode(code));
    for (const [k, reason] of Object.entries(site.refused ?? {})) v.set(k, new RefusedValue(reason));
  }
  return v;
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_.]*)\s*\}\}/gi;

function substitute(
  text: string,
  values: Map<string, TemplateValue>,
  wrap: (s: string) => string,
  code: 'verbatim' | 'refuse' | 'text',
): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => {
    const value = values.get(name);
    if (value === undefined) throw new TemplateError(`unknown value {{${name}}}; known: ${[...values.keys()].sort().join(', ')}`);
    if (value instanceof RefusedValue) throw new TemplateError(`{{${name}}} cannot be decided: ${value.reason}`);
    if (value instanceof ShellCode) {
      if (code === 'refuse') throw new TemplateError(`{{${name}}} is a shell script: use it in a step's script, not in a command list`);
      return value.text;
    }
    return wrap(value);
  });
}

/** A command list, each argument templated then quoted: the exact text sent to the node. */
export function renderCommand(argv: readonly string[], values: Map<string, TemplateValue>): string {
  return argvToShell(argv.map((a) => substitute(a, values, (s) => s, 'refuse')));
}

/** The shell variable a value is given in a rendered script: vars.stop_lsn -> hp_vars_stop_lsn. */
export function scriptVariable(name: string): string {
  return `hp_${name.replaceAll('.', '_')}`;
}

/** A value as the right-hand side of an assignment: always single-quoted, ' written '\''. */
function assignedValue(name: string, value: string): string {
  // A NUL byte cannot travel in a command line: the value would arrive cut short.
  if (value.includes('\0')) throw new TemplateError(`the value of {{${name}}} holds a NUL byte, which cannot be passed to a command`);
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

function expansion(variable: string, context: SiteContext): string {
  switch (context) {
    case 'double':
    case 'heredoc':
      return `\${${variable}}`;
    case 'single':
      return `'"\${${variable}}"'`;
    default:
      return `"\${${variable}}"`;
  }
}

/**
 * A script with its values as data: one `hp_NAME='value'` line per value used, then the script
 * with each {{value}} replaced by its variable's expansion. `pending` names values not known yet
 * (captured when the run gets there): a plan shows their line as what will be assigned.
 * Shell code hapilot built itself ({{pg.stop}}: a ShellCode, its values quoted when it was built)
 * goes in as it is, and only where a command may stand, never inside quotes or another string.
 */
export function renderScript(script: string, values: Map<string, TemplateValue>, pending: ReadonlySet<string> = new Set()): string {
  const sites = placeholderSites(script);
  const assigned = new Map<string, string>(); // variable -> the value's name
  let body = '';
  let from = 0;
  for (const site of sites) {
    const reason = unsafeSiteReason(site.context);
    if (reason) throw new TemplateError(`{{${site.name}}} on line ${site.line + 1} of the script ${reason}`);
    if (!values.has(site.name) && !pending.has(site.name)) {
      throw new TemplateError(`unknown value {{${site.name}}}; known: ${[...values.keys()].sort().join(', ')}`);
    }
    const value = values.get(site.name);
    if (value instanceof RefusedValue) throw new TemplateError(`{{${site.name}}} cannot be decided: ${value.reason}`);
    if (value instanceof ShellCode) {
      if (site.context !== 'plain') {
        throw new TemplateError(
          `{{${site.name}}} on line ${site.line + 1} of the script is shell code: put it where a command goes, outside quotes`,
        );
      }
      body += script.slice(from, site.start) + value.text;
      from = site.end;
      continue;
    }
    let variable = scriptVariable(site.name);
    // vars.a_b and vars.a.b would share a variable: the second one gets a suffix.
    for (let k = 2; assigned.has(variable) && assigned.get(variable) !== site.name; k++) variable = `${scriptVariable(site.name)}_${k}`;
    assigned.set(variable, site.name);
    body += script.slice(from, site.start) + expansion(variable, site.context);
    from = site.end;
  }
  body += script.slice(from);
  if (!assigned.size) return body;
  const lines = [...assigned].map(([variable, name]) => {
    const value = values.get(name) as string | undefined;
    return value === undefined
      ? `${variable}=… # ${name}, captured by an earlier step, assigned when this step runs`
      : `${variable}=${assignedValue(name, value)}`;
  });
  return `${lines.join('\n')}\n${body}`;
}

/** Why a script cannot be rendered safely (a placeholder where it would be code), by line, or []. */
export function scriptProblems(script: string): { line: number; message: string }[] {
  return placeholderSites(script).flatMap((site) => {
    const reason = unsafeSiteReason(site.context);
    return reason ? [{ line: site.line, message: `{{${site.name}}} ${reason}` }] : [];
  });
}

/** Text for people or for comparison (a predicate's value), never for a shell: nothing quoted. */
export function renderText(text: string, values: Map<string, TemplateValue>): string {
  return substitute(text, values, (s) => s, 'text');
}

/** Names a template uses, to tell at plan time whether it can be resolved yet (captured vars). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
