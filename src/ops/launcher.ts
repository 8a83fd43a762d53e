// Getting a procedure ready to run, the same way for `hapilot run` and the console's wizard: load
// the definitions, look at the cluster, fix the roles, build the plan, and hand out an engine.
import { hostname, userInfo } from 'node:os';
import { execa } from 'execa';
import type { LoadedCluster } from '../config/load-cluster.js';
import type { NodeId } from '../cluster/facts.js';
import type { CommandRunner, ExecResult } from '../transport/types.js';
import { resolveSshTarget } from '../transport/ssh-config.js';
import { nodeAddress } from '../transport/session.js';
import { lookOnce, type Look } from '../cluster/observe.js';
import { loadProcedures, type LoadedProcedure } from './load-procedures.js';
import { buildPlan, planRecord, PlanError, resolveRunRoles, type Plan } from './plan.js';
import type { Observation } from './predicates.js';
import { renderText, templateValues, type NodeInfo, type TemplateContext } from './template.js';
import { runPreflight, type PreflightResult } from './preflight.js';
import { Engine, type EngineDeps, type ResumeState } from './engine.js';
import { journalDir } from './journal.js';
import { pausedByGoneRuns } from './resume.js';
import type { GateGrain, Operator } from './operator.js';
import { lookAtSite, type SiteFacts } from '../probes/site-look.js';
import { decideSite, SiteRefused } from './site.js';

export interface PreparedRun {
  loaded: LoadedProcedure;
  plan: Plan;
  /** The look the roles were taken from. */
  look: Look;
}

/** Each node's name and address on the cluster network (the definition's, else ssh's HostName). */
export async function nodeInfos(cluster: LoadedCluster): Promise<Record<NodeId, NodeInfo>> {
  const { def } = cluster;
  const one = async (id: NodeId): Promise<NodeInfo> => {
    const n = def.nodes[id];
    const name = n.name ?? n.alias ?? n.host ?? id;
    if (n.address) return { id, name, address: n.address };
    const target = await resolveSshTarget(nodeAddress(n), def.ssh.config ? { configFile: def.ssh.config } : {});
    return { id, name, address: target.hostname };
  };
  const [a, b] = await Promise.all([one('a'), one('b')]);
  return { a, b };
}

export function observer(runners: Record<NodeId, CommandRunner>, cluster: LoadedCluster): () => Promise<Observation> {
  return async () => {
    const look = await lookOnce(runners, cluster.def);
    return { facts: look.facts, unreachable: look.unreachable, assessment: look.assessment };
  };
}

export function procedures(cluster: LoadedCluster): Map<string, LoadedProcedure> {
  return loadProcedures(cluster.def.procedures_dir);
}

export async function prepareRun(
  cluster: LoadedCluster,
  runners: Record<NodeId, CommandRunner>,
  name: string,
  opts: { standby?: NodeId; resumeRoles?: { primary: NodeId; standby: NodeId; basis: string } } = {},
): Promise<PreparedRun> {
  const all = procedures(cluster);
  const loaded = all.get(name);
  if (!loaded) throw new PlanError(`no procedure named "${name}"; there are: ${[...all.keys()].sort().join(', ')}`);
  const [look, nodes, site] = await Promise.all([lookOnce(runners, cluster.def), nodeInfos(cluster), lookAtSites(runners, cluster)]);
  let roles = opts.resumeRoles;
  if (!roles && opts.standby) {
    if (loaded.procedure.roles.primary || loaded.procedure.roles.standby)
      throw new PlanError(`${name} fixes its own roles; --standby does not apply`);
    roles = {
      primary: opts.standby === 'a' ? 'b' : 'a',
      standby: opts.standby,
      basis: `named by the operator (--standby ${opts.standby})`,
    };
  }
  roles ??= resolveRunRoles(loaded.procedure, { facts: look.facts, unreachable: look.unreachable, assessment: look.assessment });
  let decided: ReturnType<typeof decideSite>;
  try {
    decided = decideSite({ def: cluster.def, nodes, roles, facts: look.facts, site, stamp: planStamp() });
  } catch (e) {
    if (e instanceof SiteRefused) throw new PlanError(`${name} cannot be planned: ${e.message}`);
    throw e;
  }
  return { loaded, plan: buildPlan(loaded.procedure, cluster.def, decided.nodes, roles, decided.lines), look };
}

/** The site look of each node that answers it (a node that does not is left out: ops/site.ts says so). */
async function lookAtSites(runners: Record<NodeId, CommandRunner>, cluster: LoadedCluster): Promise<Partial<Record<NodeId, SiteFacts>>> {
  const [a, b] = await Promise.allSettled([lookAtSite(runners.a, cluster.def), lookAtSite(runners.b, cluster.def)]);
  const out: Partial<Record<NodeId, SiteFacts>> = {};
  if (a.status === 'fulfilled') out.a = a.value;
  if (b.status === 'fulfilled') out.b = b.value;
  return out;
}

/** Names backups a run leaves on the nodes: the plan's time, UTC, to the second. */
function planStamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
}

/** The plan as text: what --dry-run prints and what the wizard shows before the first gate. */
export function planText(prepared: PreparedRun, cluster: LoadedCluster): string {
  const { plan, loaded } = prepared;
  const name = (id: NodeId) => plan.nodes[id].name;
  const lines = [
    `${loaded.procedure.title} on cluster ${cluster.def.name}`,
    `  ${loaded.procedure.description}`,
    `  primary: ${name(plan.roles.primary)}   standby: ${name(plan.roles.standby)}   (${plan.roles.basis})`,
    `  definition: ${loaded.file} (sha256 ${loaded.hash.slice(0, 12)})`,
    ...plan.site.map((l) => `  ${l}`),
    '',
  ];
  planRecord(plan, cluster.def).forEach((s, i) => {
    const gate = s.destructive ? '  [type the node name]' : s.changes ? '  [asks]' : '';
    lines.push(`${String(i + 1).padStart(2)}. ${s.title}  (${s.kind}${s.nodes.length ? ` on ${s.nodes.join(', ')}` : ''})${gate}`);
    if (s.condition) lines.push(`      ${s.condition}`);
    s.commands.forEach((c, j) => {
      const where = s.nodes[j] ? `${s.nodes[j]}$ ` : '$ ';
      for (const [k, line] of c.split('\n').entries()) lines.push(`      ${k === 0 ? where : ' '.repeat(where.length)}${line}`);
    });
    if (s.rollback) {
      lines.push(`      rollback: ${s.rollback.title}`);
      for (const c of s.rollback.commands) for (const line of c.split('\n')) lines.push(`        ${line}`);
    }
  });
  return `${lines.join('\n')}\n`;
}

/** What --dry-run does after printing the plan: the same preflight a run would do, changing nothing. */
export function dryRunPreflight(
  cluster: LoadedCluster,
  runners: Record<NodeId, CommandRunner>,
  prepared: PreparedRun,
): Promise<PreflightResult> {
  const { plan, look } = prepared;
  const ctx: TemplateContext = { def: cluster.def, nodes: plan.nodes, roles: plan.roles, runId: 'dry-run', vars: {} };
  return runPreflight({
    def: cluster.def,
    procedure: prepared.loaded.procedure,
    runners,
    observation: { facts: look.facts, unreachable: look.unreachable, assessment: look.assessment },
    predicates: { def: cluster.def, nodes: plan.nodes, roles: plan.roles, render: (t) => renderText(t, templateValues(ctx, null)) },
    runId: null,
    alreadyPaused: [],
  });
}

/** A command on the operator's machine, for `local` steps (a hypervisor snapshot, say). */
export async function runLocal(command: string, opts: { timeoutMs: number; onOutput: (chunk: string) => void }): Promise<ExecResult> {
  const started = Date.now();
  const p = execa('bash', ['-c', command], { reject: false, timeout: opts.timeoutMs, stdin: 'ignore' });
  p.stdout?.on('data', (d: Buffer) => opts.onOutput(d.toString()));
  p.stderr?.on('data', (d: Buffer) => opts.onOutput(d.toString()));
  const r = await p;
  return {
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    durationMs: Date.now() - started,
  };
}

export function operatorIdentity(): EngineDeps['identity'] {
  return { user: process.env.SUDO_USER ?? userInfo().username, host: hostname(), pid: process.pid };
}

export function createEngine(
  cluster: LoadedCluster,
  runners: Record<NodeId, CommandRunner>,
  prepared: PreparedRun,
  operator: Operator,
  resume?: ResumeState,
  gates?: GateGrain,
): Engine {
  const deps: EngineDeps = {
    def: cluster.def,
    clusterFile: cluster.file,
    runners,
    observe: observer(runners, cluster),
    operator,
    journalDir: journalDir(),
    local: runLocal,
    identity: operatorIdentity(),
    ...(gates ? { gates } : {}),
    // A resume restores what its own first life paused; a new run also what gone runs left paused.
    ...(resume ? {} : { orphanedPauses: pausedByGoneRuns(cluster.def.name) }),
  };
  return new Engine(deps, prepared.loaded, prepared.plan, resume);
}
