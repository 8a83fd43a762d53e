// The procedure engine: preflight, start gate (lock and automation), each step through its gate,
// journaled before and after, failures answered by the operator (retry, roll back, stop), and an
// ending that says succeeded, failed or incomplete. Automation is restored and the lock released
// on every way out. The only module that sends 'change' commands to a node.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { NodeId } from '../cluster/facts.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { CommandRunner, ExecResult, RemoteCommand } from '../transport/types.js';
import { TransportError } from '../transport/types.js';
import type { LoadedProcedure } from './load-procedures.js';
import type { Plan, PlannedStep } from './plan.js';
import { planRecord } from './plan.js';
import { evaluate, type Observation, type PredicateContext, type PredicateResult } from './predicates.js';
import type { Predicate } from './procedure-schema.js';
import { JournalWriter, runFile, type JournalEntry, type RunOutcome, type StepStatus } from './journal.js';
import type { GateGrain, GateQuestion, Operator } from './operator.js';
import { PhaseGates } from './phase-gate.js';
import { runPreflight } from './preflight.js';
import { NotConfirmed, passGate } from './gate.js';
import { AutomationGuard, PauseFailed } from './automation-guard.js';
import { LockHeld, RunLock } from './run-lock.js';
import type { RunIO } from './run-io.js';
import { renderText, templateValues, type TemplateContext } from './template.js';
import type { Phase, ResumeState, RunView, StepView } from './run-view.js';
import { errorMessage } from '../format/error-message.js';
import { Stop } from './stop.js';
import { clusterSnapshot } from './cluster-snapshot.js';
import { completedWithRollback, rollback } from './rollback.js';
import { listResults, type StepContext, type StepResult } from './steps/context.js';
import { runStepKind } from './steps/index.js';
import { settleUnknown } from './steps/unknown-outcome.js';

export interface EngineDeps {
  def: ClusterDefinition;
  clusterFile: string;
  /** Connections that may carry change commands (never a read-only session's). */
  runners: Partial<Record<NodeId, CommandRunner>>;
  /** A fresh probe round on both nodes, assessed. */
  observe: () => Promise<Observation>;
  operator: Operator;
  journalDir: string;
  /** A command on the operator's machine (a `local` step), through bash. */
  local: (command: string, opts: { timeoutMs: number; onOutput: (chunk: string) => void }) => Promise<ExecResult>;
  identity: { user: string; host: string; pid: number };
  /** Automation paused by runs that are gone (resume.ts pausedByGoneRuns): a new run restores it. */
  orphanedPauses?: { runId: string; name: string; node: NodeId }[];
  /** Where the lock lives on each node (tests point it elsewhere). */
  lockFile?: string;
  /** How often an interactive run asks: per phase (default) or before every change. */
  gates?: GateGrain;
}

export type { StepView, Phase, RunView, ResumeState } from './run-view.js';

/** How old a round may be to tell whether a node answers, for a step's run-time condition. */
const REACHABILITY_MAX_AGE_MS = 5000;

export function newRunId(procedure: string): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${t}-${procedure}-${randomBytes(2).toString('hex')}`;
}

export class Engine extends EventEmitter<{ change: [RunView]; output: [string, string, string] }> {
  readonly runId: string;
  private readonly journal: JournalWriter;
  private readonly steps: StepView[];
  private readonly vars: Record<string, string>;
  private phase: Phase = 'preflight';
  private preflightResults: PredicateResult[] = [];
  private activity = 'checking preconditions';
  private aborted = false;
  /** Nodes that answered the preflight: the lock is taken on these. */
  private reachable: NodeId[] = [];
  private readonly io: RunIO;
  private readonly automation: AutomationGuard;
  private readonly lock: RunLock;
  private outcome?: { outcome: RunOutcome; rolledBack: boolean; message: string };
  private lastObservation: { at: number; obs: Observation } | null = null;
  /** What the step kinds in steps/ and the rollback see of this run. */
  private readonly ctx: StepContext;
  private readonly phaseGates: PhaseGates;

  constructor(
    private readonly deps: EngineDeps,
    private readonly loaded: LoadedProcedure,
    private readonly plan: Plan,
    private readonly resume?: ResumeState,
  ) {
    super();
    this.runId = resume?.runId ?? newRunId(loaded.procedure.name);
    this.vars = { ...(resume?.vars ?? {}) };
    const records = planRecord(plan, deps.def);
    this.steps = plan.steps.map((s, i) => ({
      id: s.step.id,
      title: s.step.title,
      kind: s.step.kind,
      status: resume?.statuses[s.step.id] ?? (s.applies ? 'pending' : 'skipped'),
      nodes: records[i]!.nodes,
      commands: records[i]!.commands.map((command, j) => ({ node: records[i]!.nodes[j] ?? '', command })),
      destructive: records[i]!.destructive,
      output: '',
      detail: s.applies ? '' : (s.condition ?? ''),
      ...(s.condition ? { condition: s.condition } : {}),
    }));
    this.journal = new JournalWriter(runFile(deps.journalDir, deps.def.name, this.runId));
    this.io = {
      exec: (node, cmd, timeoutMs) => this.exec(node, cmd, timeoutMs),
      nodeName: (node) => this.nodeName(node),
      journal: this.journal,
      activity: (text) => this.update(text),
    };
    this.ctx = {
      operator: deps.operator,
      journal: this.journal,
      vars: this.vars,
      aborted: () => this.aborted,
      view: (i) => this.steps[i]!,
      nodeName: (node) => this.nodeName(node),
      templateContext: () => this.templateContext(),
      checkAll: (preds) => this.checkAll(preds),
      gate: (q) => this.gate(q),
      exec: (node, cmd, timeoutMs, onOutput) => this.exec(node, cmd, timeoutMs, onOutput),
      output: (stepId, nodeName, chunk) => {
        this.emit('output', stepId, nodeName, chunk);
        this.update(this.activity);
      },
      setStep: (i, status, detail) => this.setStep(i, status, detail),
      succeed: (i, detail) => this.succeed(i, detail),
      fail: (i, detail, journal) => this.fail(i, detail, journal),
      decision: (stepId, question, answer) => this.decision(stepId, question, answer),
      activity: (text) => this.update(text),
    };
    this.phaseGates = new PhaseGates(plan, this.grain, deps.operator);
    this.automation = new AutomationGuard(this.io);
    if (resume) this.automation.adoptPaused(deps.def, resume.paused);
    this.lock = new RunLock(
      this.io,
      {
        runId: this.runId,
        procedure: loaded.procedure.name,
        operator: deps.identity.user,
        from: deps.identity.host,
        pid: deps.identity.pid,
        since: new Date().toISOString(),
      },
      deps.lockFile,
    );
  }

  get journalFile(): string {
    return this.journal.file;
  }

  view(): RunView {
    const name = (id: NodeId) => this.plan.nodes[id].name;
    return {
      runId: this.runId,
      procedure: this.loaded.procedure.name,
      title: this.loaded.procedure.title,
      roles: { primary: name(this.plan.roles.primary), standby: name(this.plan.roles.standby), basis: this.plan.roles.basis },
      phase: this.phase,
      steps: this.steps.map((s) => ({ ...s })),
      preflight: this.preflightResults,
      activity: this.activity,
      ...(this.outcome ? { outcome: this.outcome.outcome, rolledBack: this.outcome.rolledBack, message: this.outcome.message } : {}),
    };
  }

  /** Stop as soon as it is safe: waits and checks at once, a running command when it returns. */
  abort(): void {
    this.aborted = true;
    this.update('aborting after the current command');
  }

  async run(): Promise<{ outcome: RunOutcome; rolledBack: boolean; message: string }> {
    const record = (e: JournalEntry) => this.journal.append(e);
    if (this.resume) {
      record({
        type: 'decision',
        question: 'resume this run',
        answer: 'yes',
        by: this.deps.operator.mode === 'scripted' ? 'script' : 'operator',
      });
      record({
        type: 'decision',
        question: 'ask before each change or once per phase?',
        answer: this.grain,
        by: this.deps.operator.mode === 'scripted' ? 'script' : 'operator',
      });
    } else {
      record({
        type: 'run-start',
        runId: this.runId,
        cluster: this.deps.def.name,
        clusterFile: this.deps.clusterFile,
        procedure: this.loaded.procedure.name,
        title: this.loaded.procedure.title,
        definitionHash: this.loaded.hash,
        operator: this.deps.identity,
        mode: this.deps.operator.mode,
        confirmations: [...(this.deps.operator.confirmations ?? [])],
        gates: this.grain,
        roles: { ...this.view().roles, primaryId: this.plan.roles.primary, standbyId: this.plan.roles.standby },
        plan: planRecord(this.plan, this.deps.def),
      });
    }
    try {
      await this.preflight();
      await this.start();
      this.phase = 'running';
      await this.runSteps();
      this.finish('succeeded', false, `${this.loaded.procedure.title}: all steps done`);
    } catch (e) {
      if (e instanceof Stop) this.finish(e.outcome, this.outcome?.rolledBack ?? false, e.message);
      else this.finish('incomplete', false, `hapilot error: ${errorMessage(e)}`);
    } finally {
      await this.cleanup();
      if (this.outcome!.outcome === 'incomplete') await this.journalObservation();
      record({ type: 'run-end', outcome: this.outcome!.outcome, rolledBack: this.outcome!.rolledBack, message: this.outcome!.message });
      this.journal.close();
      this.phase = 'ended';
      this.update('ended');
    }
    return this.outcome!;
  }

  // ---- preflight and start --------------------------------------------------------------------

  private async preflight(): Promise<void> {
    this.update('checking preconditions');
    const pf = await runPreflight({
      def: this.deps.def,
      procedure: this.loaded.procedure,
      runners: this.deps.runners,
      observation: await this.deps.observe(),
      predicates: this.predicateContext(),
      runId: this.runId,
      alreadyPaused: this.automation.alreadyPaused(),
      resuming: this.resume !== undefined,
      ...(this.deps.lockFile ? { lockFile: this.deps.lockFile } : {}),
    });
    this.reachable = pf.reachable;
    this.automation.found(pf.toPause, pf.inactive, this.loaded.procedure.automation_after === 'start-all');
    this.preflightResults = pf.results;
    this.journal.append({ type: 'preflight', ok: pf.ok, results: pf.results });
    this.update(pf.ok ? 'preconditions hold' : 'preconditions failed');
    if (!pf.ok) {
      throw new Stop('failed', `preflight failed, nothing was changed: ${listResults(pf.results.filter((r) => !r.ok))}`);
    }
  }

  /** One gate for taking the lock and pausing automation: both change the nodes. */
  private async start(): Promise<void> {
    this.phase = 'starting';
    const pauses = this.automation.pauseCommands();
    await this.gate({
      stepId: 'start',
      title: `Start: take the cluster lock${pauses.length ? ` and pause ${[...new Set(pauses.map((p) => p.name))].join(', ')}` : ''}`,
      nodes: this.reachable.map((n) => this.nodeName(n)),
      commands: [
        ...this.reachable.map((n) => ({ node: this.nodeName(n), command: this.lock.commandText() })),
        ...pauses.map((p) => ({ node: this.nodeName(p.node), command: p.command })),
      ],
      destructive: false,
      rollback: false,
    });
    try {
      await this.lock.acquire(this.reachable);
      // Only once the lock is this run's: while a gone run still holds it, what it paused is its own.
      if (!this.resume && this.deps.orphanedPauses?.length) this.automation.adoptOrphans(this.deps.def, this.deps.orphanedPauses);
      await this.automation.pauseAll();
    } catch (e) {
      if (e instanceof LockHeld || e instanceof PauseFailed) throw new Stop('failed', e.message);
      throw e;
    }
  }

  // ---- steps ----------------------------------------------------------------------------------

  private async runSteps(): Promise<void> {
    for (let i = 0; i < this.plan.steps.length; i++) {
      const s = this.plan.steps[i]!;
      const view = this.steps[i]!;
      if (view.status === 'done' || view.status === 'skipped') continue;
      if (this.aborted) throw new Stop('incomplete', `aborted by the operator before step ${s.step.id}`);
      // Automation comes back as soon as nothing more will change, so the final checks see the
      // cluster as it will run (repmgrd up again), not as the procedure left it paused.
      if (this.automation.pending && !this.changesFrom(i)) await this.automation.restore(true);
      const skip = await this.runtimeConditionFails(s);
      if (skip !== null) {
        this.setStep(i, 'skipped', `${s.condition ?? ''} (${skip})`);
        this.journal.append({ type: 'step-end', stepId: s.step.id, status: 'skipped', detail: view.detail });
        continue;
      }
      await this.phaseGates.before(this.ctx, i);
      for (let attempt = 1; ; attempt++) {
        const result = await this.runStep(s, i, attempt);
        if (result === 'done') break;
        if (this.aborted) throw new Stop('incomplete', `aborted by the operator at step ${s.step.id}`);
        const rollbackable = completedWithRollback(this.plan.steps, this.steps, i).length;
        const answer = await this.deps.operator.onFailure({ stepId: s.step.id, title: s.step.title, error: view.detail, rollbackable });
        this.decision(s.step.id, `step failed: ${view.detail}. Retry, roll back, or stop?`, answer);
        if (answer === 'retry') continue;
        if (answer === 'rollback') {
          this.phase = 'rolling-back';
          this.outcome = { outcome: 'failed', rolledBack: false, message: '' };
          this.outcome.rolledBack = await rollback(this.ctx, this.plan.steps, this.steps, i);
          throw new Stop('failed', `step ${s.step.id} failed (${view.detail}); completed steps were rolled back`);
        }
        throw new Stop('failed', `step ${s.step.id} failed: ${view.detail}`);
      }
    }
  }

  /** Conditions only the run can decide (captured values, who answers now); null when the step applies. */
  private async runtimeConditionFails(s: PlannedStep): Promise<string | null> {
    for (const w of s.step.when ?? []) {
      if ('var' in w && this.vars[w.var] !== w.equals) return `it is "${this.vars[w.var] ?? 'unset'}"`;
      if ('reachable' in w || 'unreachable' in w) {
        const role = 'reachable' in w ? w.reachable : w.unreachable;
        const id = role === 'primary' ? this.plan.roles.primary : role === 'standby' ? this.plan.roles.standby : role;
        const answers = (await this.recentObservation(REACHABILITY_MAX_AGE_MS)).facts[id] !== undefined;
        if (answers !== 'reachable' in w) return `${this.nodeName(id)} ${answers ? 'answers' : 'does not answer'}`;
      }
    }
    return null;
  }

  /** One attempt at a step: 'done', or 'failed' with the reason in the step's detail. */
  private async runStep(s: PlannedStep, i: number, attempt: number): Promise<StepResult> {
    // A step whose outcome is unknown (connection lost, hapilot died) is verified, never assumed.
    if (this.steps[i]!.status === 'unknown') {
      const settled = await settleUnknown(this.ctx, s, i);
      if (settled === 'done') return 'done';
    }
    if (s.step.precondition?.length) {
      this.update(`checking the preconditions of ${s.step.id}`);
      const failed = await this.check(s.step.precondition);
      if (failed.length) return this.fail(i, `precondition not met: ${listResults(failed)}`);
    }
    return runStepKind(this.ctx, s, i, attempt);
  }

  // ---- gates, checks, helpers -----------------------------------------------------------------

  /** The grain the run asks at; a script's --confirm list answers per step whatever it is. */
  private get grain(): GateGrain {
    return this.deps.gates ?? 'phase';
  }

  private async gate(q: GateQuestion): Promise<void> {
    const phaseGate = this.phaseGates.coveredBy(q);
    if (phaseGate) {
      this.journal.append({
        type: 'decision',
        stepId: q.stepId,
        question: `run "${q.title}" on ${q.nodes.join(', ') || 'this machine'}?`,
        answer: 'yes',
        by: 'operator',
        coveredBy: phaseGate,
      });
      return;
    }
    this.update(`waiting for the operator: ${q.title}`);
    try {
      await passGate(this.deps.operator, this.journal, q);
    } catch (e) {
      if (e instanceof NotConfirmed) throw new Stop('incomplete', e.message);
      throw e;
    }
  }

  private async check(preds: Predicate[]): Promise<PredicateResult[]> {
    return (await this.checkAll(preds)).filter((r) => !r.ok);
  }

  private async checkAll(preds: Predicate[]): Promise<PredicateResult[]> {
    const obs = await this.recentObservation(0);
    return preds.map((p) => evaluate(p, obs, this.predicateContext()));
  }

  /**
   * A probe round, or the last one when it is younger than maxAgeMs. Checks, waits and
   * preconditions always look afresh (0); "does this node answer" for a run of conditional
   * steps may reuse a round of a moment ago: a round with a node down costs seconds.
   */
  private async recentObservation(maxAgeMs: number): Promise<Observation> {
    if (this.lastObservation && Date.now() - this.lastObservation.at <= maxAgeMs) return this.lastObservation.obs;
    const obs = await this.deps.observe();
    this.lastObservation = { at: Date.now(), obs };
    return obs;
  }

  private predicateContext(): PredicateContext {
    return {
      def: this.deps.def,
      nodes: this.plan.nodes,
      roles: this.plan.roles,
      render: (text) => renderText(text, templateValues(this.templateContext(), null)),
    };
  }

  private templateContext(): TemplateContext {
    return { def: this.deps.def, nodes: this.plan.nodes, roles: this.plan.roles, runId: this.runId, vars: this.vars };
  }

  /** A command on a node, or on the operator's machine for `null` (a `local` step). */
  private async exec(node: NodeId | null, cmd: RemoteCommand, timeoutMs: number, onOutput?: (chunk: string) => void): Promise<ExecResult> {
    if (node === null) return this.deps.local(cmd.text, { timeoutMs, onOutput: onOutput ?? (() => {}) });
    const runner = this.deps.runners[node];
    if (!runner) throw new TransportError(`no connection to ${this.nodeName(node)}`, 'not-connected', false);
    return runner.exec(cmd, { timeoutMs, ...(onOutput ? { onStdout: onOutput, onStderr: onOutput } : {}) });
  }

  private nodeName(id: NodeId | null): string {
    return id === null ? 'this machine' : this.plan.nodes[id].name;
  }

  private succeed(i: number, detail: string): 'done' {
    this.setStep(i, 'done', detail);
    this.journal.append({ type: 'step-end', stepId: this.steps[i]!.id, status: 'done', detail });
    return 'done';
  }

  private fail(i: number, detail: string, journal = true): 'failed' {
    this.setStep(i, 'failed', detail);
    if (journal) this.journal.append({ type: 'step-end', stepId: this.steps[i]!.id, status: 'failed', detail });
    return 'failed';
  }

  private setStep(i: number, status: StepStatus, detail: string): void {
    this.steps[i]!.status = status;
    this.steps[i]!.detail = detail;
    this.update(detail || this.activity);
  }

  private decision(stepId: string, question: string, answer: string): void {
    this.journal.append({ type: 'decision', stepId, question, answer, by: this.deps.operator.mode === 'scripted' ? 'script' : 'operator' });
  }

  private update(activity: string): void {
    this.activity = activity;
    this.emit('change', this.view());
  }

  private finish(outcome: RunOutcome, rolledBack: boolean, message: string): void {
    this.outcome = { outcome, rolledBack, message };
  }

  /** Whether any step from i on may still change a node. */
  private changesFrom(i: number): boolean {
    return this.plan.steps.slice(i).some((s, k) => {
      const st = s.step;
      const status = this.steps[i + k]!.status;
      return status !== 'done' && status !== 'skipped' && s.applies && (st.kind === 'local' || (st.kind === 'run' && st.changes));
    });
  }

  /** How an incomplete run leaves the cluster: its resume compares this with what it finds. */
  private async journalObservation(): Promise<void> {
    try {
      const names = { a: this.nodeName('a'), b: this.nodeName('b') };
      this.journal.append({ type: 'observed', facts: clusterSnapshot(await this.deps.observe(), names) });
    } catch (e) {
      this.journal.append({ type: 'observed', facts: { error: errorMessage(e) } });
    }
  }

  /** Restore what was paused and release the lock, whatever happened. */
  private async cleanup(): Promise<void> {
    this.phase = 'finishing';
    await this.automation.restore(false);
    const problems = [...this.automation.failures, ...(await this.lock.release())];
    if (problems.length && this.outcome) this.outcome.message += `; ${problems.join('; ')}`;
  }
}
