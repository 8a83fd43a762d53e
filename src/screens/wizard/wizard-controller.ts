// The procedure wizard's state, outside React: choose a procedure, build its plan, run it through
// the engine with the on-screen operator, or resume a run a dead hapilot left unfinished or one
// that stopped incomplete (a declined gate, Ctrl-C). This is
// the only screen module that calls src/ops; it is reached only through a dynamic import in a
// read-write console.
import type { LoadedCluster } from '../../config/load-cluster.js';
import type { NodeId } from '../../cluster/facts.js';
import type { CommandRunner } from '../../transport/types.js';
import type { Engine } from '../../ops/engine.js';
import type { RunView } from '../../ops/run-view.js';
import type { PreparedRun } from '../../ops/launcher.js';
import type { LoadedProcedure } from '../../ops/load-procedures.js';
import type { RunOutcome, RunSummary, StampedEntry } from '../../ops/journal.js';
import type { ResumablePoint } from '../../ops/resume.js';
import type { GateGrain } from '../../ops/operator.js';
import type { ResumableRunInfo, WizardStart } from '../console/wizard-entry.js';
import { UiOperator } from './ui-operator.js';
import { errorMessage } from '../../format/error-message.js';

/** The ops functions the wizard uses; tests pass doubles, the console the real ones. */
export interface OpsApi {
  procedures(cluster: LoadedCluster): Map<string, LoadedProcedure>;
  prepareRun(
    cluster: LoadedCluster,
    runners: Record<NodeId, CommandRunner>,
    name: string,
    opts?: { resumeRoles?: { primary: NodeId; standby: NodeId; basis: string } },
  ): Promise<PreparedRun>;
  planText(prepared: PreparedRun, cluster: LoadedCluster): string;
  createEngine(
    cluster: LoadedCluster,
    runners: Record<NodeId, CommandRunner>,
    prepared: PreparedRun,
    operator: UiOperator,
    resume?: ResumablePoint['state'],
    gates?: GateGrain,
  ): Engine;
  /** Killed runs and incomplete ones nothing came after: what `hapilot run NAME --resume` may pick. */
  resumableRuns(cluster: string): RunSummary[];
  readRun(file: string): StampedEntry[];
  resumePoint(entries: StampedEntry[], loaded: LoadedProcedure): ResumablePoint;
  /** Throws, saying what differs, when an incomplete run's cluster changed since it stopped. */
  checkUnchanged(point: ResumablePoint, runId: string, prepared: PreparedRun): void;
}

export interface ProcedureInfo {
  name: string;
  title: string;
  description: string;
  builtin: boolean;
}

export type WizardState =
  | { phase: 'resume-offer'; runs: ResumableRunInfo[]; error: string | null }
  | { phase: 'pick'; procedures: ProcedureInfo[]; error: string | null }
  | { phase: 'preparing'; procedure: string; resumeOf: string | null }
  | {
      phase: 'plan';
      procedure: string;
      title: string;
      lines: string[];
      resumeOf: string | null;
      nextStep: string | null;
      /** How the run will ask: once per phase (default) or before every change. */
      gates: GateGrain;
    }
  | { phase: 'running'; view: RunView; aborting: boolean; journal: string }
  | { phase: 'ended'; view: RunView; outcome: { outcome: RunOutcome; rolledBack: boolean; message: string }; journal: string };

/**
 * The wizard's phases. Every switch over them closes with `const x: never`, and its key table is a
 * record over them (keys.ts): a phase added here does not compile until each place handles it.
 */
export type WizardPhase = WizardState['phase'];

const BUILT_IN_ORDER = ['switchover', 'failover', 'rejoin', 'takeover'];

export class WizardController {
  readonly operator = new UiOperator();
  #state: WizardState = { phase: 'pick', procedures: [], error: null };
  readonly #listeners = new Set<() => void>();
  #engine: Engine | null = null;
  /** Marks the running view as aborting (set by run()). */
  #markAborting: (() => void) | null = null;
  #prepared: { prepared: PreparedRun; resume: ResumablePoint['state'] | null } | null = null;

  constructor(
    private readonly cluster: LoadedCluster,
    private readonly runners: Record<NodeId, CommandRunner>,
    private readonly ops: OpsApi,
  ) {}

  state(): WizardState {
    return this.#state;
  }

  subscribe(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** A run is in progress: the wizard cannot be left without aborting it. */
  get busy(): boolean {
    return this.#state.phase === 'running';
  }

  /** The runs the resume offer lists, newest first, each saying whether it was killed or stopped. */
  resumable(): ResumableRunInfo[] {
    return this.ops.resumableRuns(this.cluster.def.name).map((r) => ({
      runId: r.runId,
      procedure: r.procedure,
      startedAt: r.startedAt,
      operator: r.operator,
      steps: r.steps,
      kind: r.outcome === 'incomplete' ? 'incomplete' : 'killed',
      stopped: r.outcome === 'incomplete' ? this.#stopped(r.file) : null,
    }));
  }

  /** When and why an incomplete run stopped: its last run-end (a resume appends after an earlier one). */
  #stopped(file: string): { at: string; why: string } | null {
    const end = this.#safely(() => this.ops.readRun(file), []).findLast((e) => e.type === 'run-end');
    return end?.type === 'run-end' ? { at: end.t, why: end.message } : null;
  }

  /** The procedures this cluster has: the built-ins first, in their usual order, then the site's. */
  procedureList(): ProcedureInfo[] {
    const all = [...this.ops.procedures(this.cluster).values()].map((l) => ({
      name: l.procedure.name,
      title: l.procedure.title,
      description: l.procedure.description,
      builtin: l.builtin,
    }));
    const rank = (p: ProcedureInfo) => (BUILT_IN_ORDER.includes(p.name) ? BUILT_IN_ORDER.indexOf(p.name) : p.builtin ? 50 : 100);
    return all.sort((x, y) => rank(x) - rank(y) || x.name.localeCompare(y.name));
  }

  begin(start: WizardStart): void {
    if (start.kind === 'resume') {
      const runs = this.#safely(() => this.resumable(), []);
      if (runs.length) {
        this.#set({ phase: 'resume-offer', runs, error: null });
        return;
      }
    }
    if (start.kind === 'procedure') {
      void this.choose(start.name);
      return;
    }
    this.toPicker(null);
  }

  toPicker(error: string | null): void {
    let procedures: ProcedureInfo[] = [];
    try {
      procedures = this.procedureList();
    } catch (e) {
      error = `the procedure definitions could not be loaded: ${errorMessage(e)}`;
    }
    this.#set({ phase: 'pick', procedures, error });
  }

  /** Looks at the cluster, fixes the roles and builds the plan of one procedure. */
  async choose(name: string): Promise<void> {
    this.#set({ phase: 'preparing', procedure: name, resumeOf: null });
    try {
      this.#showPlan(name, await this.ops.prepareRun(this.cluster, this.runners, name), null);
    } catch (e) {
      this.toPicker(`${name}: ${errorMessage(e)}`);
    }
  }

  /** The plan of a killed or incomplete run, resumed where its journal says it stopped. */
  async resume(runId: string): Promise<void> {
    const runs = this.#safely(() => this.ops.resumableRuns(this.cluster.def.name), []);
    const run = runs.find((r) => r.runId === runId);
    const offer = (error: string) => this.#set({ phase: 'resume-offer', runs: this.#safely(() => this.resumable(), []), error });
    if (!run) return offer(`run ${runId} can no longer be resumed (its process came back, or another run started since)`);
    this.#set({ phase: 'preparing', procedure: run.procedure, resumeOf: runId });
    try {
      const loaded = this.ops.procedures(this.cluster).get(run.procedure);
      if (!loaded) throw new Error(`the procedure ${run.procedure} no longer exists`);
      // Refused, with the reason, if the definition changed since the run started.
      const point = this.ops.resumePoint(this.ops.readRun(run.file), loaded);
      const prepared = await this.ops.prepareRun(this.cluster, this.runners, run.procedure, { resumeRoles: point.roles });
      // An incomplete run goes on only in the cluster it left: refused, listing what differs, if not.
      this.ops.checkUnchanged(point, runId, prepared);
      this.#showPlan(run.procedure, prepared, { runId, point });
    } catch (e) {
      offer(`cannot resume ${runId}: ${errorMessage(e)}`);
    }
  }

  /** The plan of a prepared run, new or resumed, waiting for Enter. */
  #showPlan(procedure: string, prepared: PreparedRun, resume: { runId: string; point: ResumablePoint } | null): void {
    this.#prepared = { prepared, resume: resume?.point.state ?? null };
    this.#set({
      phase: 'plan',
      procedure,
      title: prepared.loaded.procedure.title,
      lines: this.ops.planText(prepared, this.cluster).trimEnd().split('\n'),
      resumeOf: resume?.runId ?? null,
      nextStep: resume?.point.nextStep ?? null,
      gates: 'phase',
    });
  }

  /** Before the run: ask once per phase, or before every change. */
  toggleGates(): void {
    if (this.#state.phase !== 'plan') return;
    this.#set({ ...this.#state, gates: this.#state.gates === 'phase' ? 'step' : 'phase' });
  }

  /** Starts the planned run. Every change still waits for its gate. */
  run(): void {
    if (this.#state.phase !== 'plan' || !this.#prepared) return;
    const { prepared, resume } = this.#prepared;
    const gates = this.#state.gates;
    this.#prepared = null;
    const engine = this.ops.createEngine(this.cluster, this.runners, prepared, this.operator, resume ?? undefined, gates);
    this.#engine = engine;
    const journal = engine.journalFile;
    let aborting = false;
    const show = (view: RunView) => {
      if (this.#state.phase === 'ended') return;
      this.#set({ phase: 'running', view, aborting, journal });
    };
    engine.on('change', show);
    this.#markAborting = () => {
      aborting = true;
      show(engine.view());
    };
    show(engine.view());
    engine.run().then(
      (outcome) => this.#set({ phase: 'ended', view: engine.view(), outcome, journal }),
      (e: unknown) =>
        this.#set({
          phase: 'ended',
          view: engine.view(),
          outcome: { outcome: 'incomplete', rolledBack: false, message: `hapilot error: ${errorMessage(e)}` },
          journal,
        }),
    );
  }

  /** Stop as soon as it is safe; whatever question is open gets its safe answer. */
  abort(): void {
    if (!this.#engine || this.#state.phase !== 'running') return;
    this.#engine.abort();
    this.#markAborting?.();
    this.operator.refuse();
  }

  #safely<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch {
      return fallback;
    }
  }

  #set(s: WizardState): void {
    this.#state = s;
    for (const l of this.#listeners) l();
  }
}
