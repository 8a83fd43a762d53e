// The plan: a procedure resolved against this cluster and the roles observed right now. Every
// step with its exact commands per node, its gate and its rollback, shown before anything runs.
import type { NodeId } from '../cluster/facts.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { Procedure, Step, Target, When } from './procedure-schema.js';
import type { Observation } from './predicates.js';
import { predicateProblem } from './predicates.js';
import {
  placeholders,
  renderCommand,
  renderScript,
  templateValues,
  TemplateError,
  type NodeInfo,
  type TemplateContext,
} from './template.js';
import type { PlannedStepRecord } from './journal.js';
import { OperatorError } from '../operator-error.js';
import { phaseProblems } from './phases.js';

export interface PlannedStep {
  step: Step;
  index: number;
  /** Node ids a run/rollback acts on. */
  nodes: NodeId[];
  /** Condition text when the step may be skipped. */
  condition?: string;
  /** false when the plan already knows the step will be skipped (a component the cluster lacks). */
  applies: boolean;
}

export interface Plan {
  procedure: Procedure;
  roles: { primary: NodeId; standby: NodeId; basis: string };
  nodes: Record<NodeId, NodeInfo>;
  steps: PlannedStep[];
  /** What was found on the nodes and decided from it (ops/site.ts), one sentence each. */
  site: string[];
}

export class PlanError extends OperatorError {
  override name = 'PlanError';
}

const other = (n: NodeId): NodeId => (n === 'a' ? 'b' : 'a');

/** Roles for the run: pinned by the procedure, else observed now. */
export function resolveRunRoles(procedure: Procedure, obs: Observation): { primary: NodeId; standby: NodeId; basis: string } {
  const pin = procedure.roles;
  if (pin.primary || pin.standby) {
    const primary = pin.primary ?? other(pin.standby!);
    return { primary, standby: pin.standby ?? other(primary), basis: `pinned by the procedure (original layout: primary ${primary})` };
  }
  const r = obs.assessment.roles;
  if (r.primary) return { primary: r.primary, standby: other(r.primary), basis: r.basis };
  // No live primary (it died): the standby that answers is the one to act on.
  const standbys = (['a', 'b'] as const).filter((id) => {
    const pg = obs.facts[id]?.postgres;
    return pg?.known && pg.value.role === 'standby';
  });
  if (standbys.length === 1) {
    const s = standbys[0]!;
    return { primary: other(s), standby: s, basis: `no primary answers; ${s} is the only standby` };
  }
  throw new PlanError(`cannot tell which node is the primary (${r.basis}); fix the cluster or name the roles`);
}

export function targetNodes(on: Target | undefined, roles: { primary: NodeId; standby: NodeId }): NodeId[] {
  switch (on) {
    case undefined:
      return [];
    case 'both':
      return ['a', 'b'];
    case 'primary':
      return [roles.primary];
    case 'standby':
      return [roles.standby];
    default:
      return [on];
  }
}

export function describeWhen(w: When): string {
  if ('component' in w) return `only when the cluster has ${w.component}`;
  if ('without' in w) return `only when the cluster has no ${w.without}`;
  if ('setting' in w) return `only when ${w.setting} is on`;
  if ('services_on' in w) return `only when services run on the ${w.services_on} alone`;
  if ('reachable' in w) return `only when the ${w.reachable} node answers`;
  if ('unreachable' in w) return `only when the ${w.unreachable} node does not answer`;
  if ('site' in w) return `only when the site has ${w.site}`;
  return `only when ${w.var} is "${w.equals}"`;
}

/** Whether the cluster itself decides the conditions (true/false) or the run must (null). */
export function staticCondition(when: When[] | undefined, def: ClusterDefinition, nodes?: Record<NodeId, NodeInfo>): boolean | null {
  let decided: boolean | null = true;
  for (const w of when ?? []) {
    if ('component' in w) {
      // The VIP is the one component named at the top of the cluster file.
      const has = w.component === 'vip' ? def.vip !== undefined : (def.components as Record<string, unknown>)[w.component] !== undefined;
      if (!has) return false;
    } else if ('without' in w) {
      if ((def.components as Record<string, unknown>)[w.without] !== undefined) return false;
    } else if ('site' in w) {
      const found = (['a', 'b'] as const).some((id) => {
        const site = nodes?.[id].site;
        const v = site?.values[w.site] ?? site?.code[w.site] ?? '';
        return v.trim() !== '';
      });
      if (!found) return false;
    } else if ('setting' in w) {
      if (!settingOn(def, w.setting)) return false;
    } else if ('services_on' in w) {
      if (!(def.components.services ?? []).some((s) => s.run_on === w.services_on)) return false;
    } else decided = null;
  }
  return decided;
}

/** A boolean setting of a component, by dotted path from components: "postgres.synchronous". */
function settingOn(def: ClusterDefinition, dotted: string): boolean {
  let v: unknown = def.components;
  for (const k of dotted.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v === true;
}

/** Why a procedure does not apply to this cluster file (a component it requires is not there), or null. */
export function notApplicable(procedure: Procedure, def: ClusterDefinition): string | null {
  const missing = procedure.requires.filter(
    (req) => (def.components as Record<string, unknown>)[req] === undefined && !(req === 'vip' && def.vip),
  );
  if (missing.length) return `needs ${missing.join(' and ')}, which cluster ${def.name} does not define`;
  // The built-in procedures move a streaming primary; independent databases (Wazo) have none.
  if (procedure.requires.includes('postgres') && def.components.postgres?.independent) {
    return `moves a streaming PostgreSQL primary, but cluster ${def.name} declares postgres.independent: its nodes each have their own database`;
  }
  return null;
}

export function buildPlan(
  procedure: Procedure,
  def: ClusterDefinition,
  nodes: Record<NodeId, NodeInfo>,
  roles: { primary: NodeId; standby: NodeId; basis: string },
  site: string[] = [],
): Plan {
  const missing = notApplicable(procedure, def);
  if (missing) throw new PlanError(`procedure ${procedure.name} ${missing}`);
  const problems: string[] = [];
  for (const p of procedure.preflight) {
    const e = predicateProblem(p);
    if (e) problems.push(`preflight: ${e}`);
  }
  const steps = procedure.steps.map((step, index): PlannedStep => {
    const nodesOf = step.kind === 'run' ? targetNodes(step.on, roles) : [];
    for (const p of [
      ...(step.precondition ?? []),
      ...(step.kind === 'check' ? step.expect : []),
      ...(step.kind === 'wait' ? step.until : []),
      ...(step.kind === 'run' && step.verify ? [step.verify] : []),
    ]) {
      const e = predicateProblem(p);
      if (e) problems.push(`step ${step.id}: ${e}`);
    }
    const applies = staticCondition(step.when, def, nodes) !== false;
    return { step, index, nodes: nodesOf, applies, ...(step.when ? { condition: step.when.map(describeWhen).join(' and ') } : {}) };
  });
  const ids = new Set<string>();
  for (const s of procedure.steps) {
    if (ids.has(s.id)) problems.push(`step id "${s.id}" is used twice`);
    ids.add(s.id);
  }
  problems.push(...phaseProblems(procedure));
  if (problems.length) throw new PlanError(`procedure ${procedure.name} is not valid: ${problems.join('; ')}`);
  const plan: Plan = { procedure, roles, nodes, steps, site };
  // Resolve every command once now, so a template error stops the run before the first change.
  const ctx: TemplateContext = { def, nodes, roles, runId: 'plan', vars: {} };
  for (const s of steps) {
    if (!s.applies) continue;
    const commands = renderStepCommands(s, ctx, { planOnly: true });
    // A step made only of what the site needs nowhere ({{vip_move.command}} where keepalived
    // moves the VIP by itself) has nothing to run: skipped, and the plan's site lines say why.
    if ((s.step.kind === 'run' || s.step.kind === 'local') && commands.length === 0) {
      s.applies = false;
      s.condition = 'nothing to run on this site (see the lines above the steps)';
    }
  }
  return plan;
}

/** The commands of a step per node; with planOnly, steps using captured values say so instead. */
export function renderStepCommands(
  s: PlannedStep,
  ctx: TemplateContext,
  opts: { planOnly?: boolean; rollback?: boolean } = {},
): { node: NodeId | null; command: string }[] {
  const src = opts.rollback ? (s.step.kind === 'run' || s.step.kind === 'local' ? s.step.rollback : undefined) : s.step;
  if (!src || !('command' in src || 'script' in src)) return [];
  const text = src.script ?? (src.command ?? []).join(' ');
  // A script shows its exact text even before a captured value is known: the value is assigned
  // on a line of its own (template.ts), so only that line waits for the run.
  const captured = new Set(opts.planOnly ? placeholders(text).filter((n) => n.startsWith('vars.')) : []);
  if (captured.size && src.script === undefined) {
    const nodes = opts.rollback
      ? targetNodes((src as { on?: Target }).on ?? (s.step.kind === 'run' ? s.step.on : undefined), ctx.roles)
      : s.nodes;
    return (nodes.length ? nodes : [null]).map((node) => ({
      node,
      command: '(resolved when it runs: uses a value captured by an earlier step)',
    }));
  }
  const on = opts.rollback
    ? ((src as { on?: Target }).on ?? (s.step.kind === 'run' ? s.step.on : undefined))
    : s.step.kind === 'run'
      ? s.step.on
      : undefined;
  const nodes = s.step.kind === 'local' ? [null] : targetNodes(on, ctx.roles);
  return nodes
    .map((node) => {
      const values = templateValues(ctx, node);
      try {
        const command =
          src.script !== undefined ? renderScript(src.script.trimEnd(), values, captured) : renderCommand(src.command!, values);
        return { node, command };
      } catch (e) {
        if (e instanceof TemplateError) throw new PlanError(`step ${s.step.id}${opts.rollback ? ' (rollback)' : ''}: ${e.message}`);
        throw e;
      }
    })
    .filter((c) => !onlyEmpty(c.command));
}

/** A script that is nothing but blank lines, comments and `set` lines: the site needs nothing on that node. */
function onlyEmpty(script: string): boolean {
  return script.split('\n').every((l) => /^\s*(#.*|set\s+-[a-z]+)?\s*$/.test(l));
}

/** The plan as journaled and printed by --dry-run. */
export function planRecord(plan: Plan, def: ClusterDefinition): PlannedStepRecord[] {
  const ctx: TemplateContext = { def, nodes: plan.nodes, roles: plan.roles, runId: 'plan', vars: {} };
  return plan.steps.map((s) => {
    const cmds = s.applies ? renderStepCommands(s, ctx, { planOnly: true }) : [];
    const names = (ids: (NodeId | null)[]) => ids.map((n) => (n ? plan.nodes[n].name : 'this machine'));
    const st = s.step;
    const rec: PlannedStepRecord = {
      stepId: st.id,
      kind: st.kind,
      title: st.title,
      nodes: names(cmds.map((c) => c.node)),
      commands: cmds.map((c) => c.command),
      changes: st.kind === 'run' ? st.changes : st.kind === 'local',
      destructive: st.kind === 'run' || st.kind === 'local' ? st.destructive : false,
      ...(s.condition ? { condition: s.applies ? s.condition : `skipped: ${s.condition}` } : {}),
    };
    if ((st.kind === 'run' || st.kind === 'local') && st.rollback && s.applies) {
      rec.rollback = {
        title: st.rollback.title,
        commands: renderStepCommands(s, ctx, { planOnly: true, rollback: true }).map((c) => c.command),
        destructive: st.rollback.destructive,
      };
    }
    return rec;
  });
}
