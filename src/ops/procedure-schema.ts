// Procedures as data: a YAML file of steps, validated here. Built-ins ship in procedures/; a site
// adds its own in the folder its cluster file names. The engine never runs anything a definition
// does not say, and the plan shows every resolved command before the first change.
import { z } from 'zod';
import { duration } from '../config/units.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as "promote-standby"');
/** Which node a step acts on. Roles are resolved once, at plan time, and fixed for the run. */
export const Target = z.enum(['primary', 'standby', 'a', 'b', 'both']);
export type Target = z.infer<typeof Target>;
const SingleTarget = z.enum(['primary', 'standby', 'a', 'b']);

/**
 * A named predicate over fresh probe facts. Either a bare name ("no-split-brain") or a name with
 * the node it is about and, for relations, the other node: { is: streaming, node: primary, from: standby }.
 */
export const Predicate = z.union([
  z.string().min(1),
  z.strictObject({
    is: z.string().min(1),
    node: SingleTarget.optional(),
    from: SingleTarget.optional(),
    of: SingleTarget.optional(),
    /** A templated value the predicate compares with, e.g. an LSN captured earlier. */
    value: z.string().optional(),
  }),
]);
export type Predicate = z.infer<typeof Predicate>;

/**
 * Step condition: a component the cluster has, a component setting that is on, a value captured
 * earlier, or whether a node answers right now (failover fences a reachable old primary, and asks
 * the operator to when it does not answer).
 */
export const When = z.union([
  z.strictObject({ component: z.string().min(1) }),
  /** The cluster does NOT have that component (Redis moved by hand only when no Sentinel manages it). */
  z.strictObject({ without: z.string().min(1) }),
  z.strictObject({ setting: z.string().min(1) }),
  z.strictObject({ var: z.string().min(1), equals: z.string() }),
  /** The cluster lists services that run on that role only (components.services run_on). */
  z.strictObject({ services_on: z.enum(['primary', 'standby']) }),
  z.strictObject({ reachable: SingleTarget }),
  z.strictObject({ unreachable: SingleTarget }),
  /** Decided at plan time from what was found on the nodes (ops/site.ts): the site value is not empty. */
  z.strictObject({ site: z.string().min(1) }),
]);
export type When = z.infer<typeof When>;
/** One condition or several that must all hold; always a list once parsed. */
const Conditions = z.union([When, z.array(When).min(1)]).transform((w) => (Array.isArray(w) ? w : [w]));

const commandFields = {
  /** A command as arguments; each is templated then quoted. */
  command: z.array(z.string()).min(1).optional(),
  /** A shell script; every {{value}} in it reaches it as data, in a variable (template.ts). */
  script: z.string().min(1).optional(),
};

const hasOneCommand = (s: { command?: unknown; script?: unknown }) => (s.command === undefined) !== (s.script === undefined);
const ONE_COMMAND = { message: 'give either command (a list of arguments) or script, not both' };

export const Rollback = z
  .strictObject({
    title: z.string().min(1),
    on: Target.optional(),
    /** Undo only while these hold (never restart an old primary once the standby was promoted). */
    precondition: z.array(Predicate).optional(),
    ...commandFields,
    destructive: z.boolean().default(false),
    timeout: duration.default(60),
  })
  .refine(hasOneCommand, ONE_COMMAND);

const base = {
  id,
  title: z.string().min(1),
  /** Why this step exists, shown in the plan and the wizard. */
  why: z.string().optional(),
  when: Conditions.optional(),
  /** Re-checked right before the step runs, and before a resumed run continues here. */
  precondition: z.array(Predicate).optional(),
};

export const RunStep = z
  .strictObject({
    ...base,
    kind: z.literal('run'),
    on: Target,
    ...commandFields,
    /** Changes the node (default). A step that only reads (a dry run) passes no gate. */
    changes: z.boolean().default(true),
    /** Stops the primary, promotes, rewinds or wipes: the target node's name must be typed. */
    destructive: z.boolean().default(false),
    timeout: duration.default(60),
    /** Tells whether the step's effect is already present: how an unknown outcome is re-verified. */
    verify: Predicate.optional(),
    /**
     * Running it twice does what running it once does: a resumed run runs it again when its
     * outcome is unknown. `false` says on purpose that its effect cannot be known (the operator
     * is asked); every built-in step that changes something declares `verify` or this.
     */
    idempotent: z.boolean().optional(),
    /** Keep the trimmed stdout as a variable for later steps ({{vars.NAME}}, when: {var: NAME}). */
    capture: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/)
      .optional(),
    rollback: Rollback.optional(),
  })
  .refine(hasOneCommand, ONE_COMMAND);

export const LocalStep = z
  .strictObject({
    ...base,
    kind: z.literal('local'),
    ...commandFields,
    destructive: z.boolean().default(false),
    /** As for `run`: safe to run again when a resumed run does not know whether it ran. */
    idempotent: z.boolean().optional(),
    timeout: duration.default(600),
    rollback: Rollback.optional(),
  })
  .refine(hasOneCommand, ONE_COMMAND);

export const CheckStep = z.strictObject({
  ...base,
  kind: z.literal('check'),
  expect: z.array(Predicate).min(1),
});

export const WaitStep = z.strictObject({
  ...base,
  kind: z.literal('wait'),
  until: z.array(Predicate).min(1),
  timeout: duration.default(60),
  interval: duration.default(1),
});

export const ManualStep = z.strictObject({
  ...base,
  kind: z.literal('manual'),
  instructions: z.string().min(1),
  checklist: z.array(z.string().min(1)).default([]),
});

export const Step = z.discriminatedUnion('kind', [RunStep, LocalStep, CheckStep, WaitStep, ManualStep]);
export type Step = z.output<typeof Step>;
export type RunStep = z.output<typeof RunStep>;
export type LocalStep = z.output<typeof LocalStep>;
export type CheckStep = z.output<typeof CheckStep>;
export type WaitStep = z.output<typeof WaitStep>;
export type ManualStep = z.output<typeof ManualStep>;
export type RollbackDef = z.output<typeof Rollback>;

/**
 * A phase: consecutive steps an operator approves together, from its `from` step up to the next
 * phase's (or the end). One gate shows every command of the phase and covers its ordinary
 * changes; a destructive step keeps its own typed-name gate. Steps before the first phase keep
 * their own gates. Naming only where a phase starts keeps a step added later inside one.
 */
export const Phase = z.strictObject({
  id,
  title: z.string().min(1),
  /** The id of the phase's first step. */
  from: z.string().min(1),
});
export type Phase = z.output<typeof Phase>;

export const ProcedureSchema = z.strictObject({
  name: id,
  title: z.string().min(1),
  description: z.string().min(1),
  /** Components the cluster must have for this procedure to make sense. */
  requires: z.array(z.string()).default([]),
  /**
   * How the run names its nodes. "primary"/"standby" mean the roles found at plan time; a
   * procedure may pin them instead (takeover: the original layout, primary a).
   */
  roles: z.strictObject({ primary: z.enum(['a', 'b']).optional(), standby: z.enum(['a', 'b']).optional() }).default({}),
  /** Must all hold before the first change. Lock and automation state are always checked. */
  preflight: z.array(Predicate).default([]),
  /** Which nodes must answer for the run to start: both (default), or the standby alone (failover). */
  needs: z.enum(['both', 'standby']).default('both'),
  /** Pause the cluster's automation interlocks for the run (restored at the end, also on abort). */
  pause_automation: z.boolean().default(true),
  /**
   * After the last change: "restore" what the run paused (default), or "start-all", also starting
   * interlocks that were not running (a rejoined node takes its full part in the cluster again).
   */
  automation_after: z.enum(['restore', 'start-all']).default('restore'),
  /** Optional, in the steps' order: groups of steps approved with one gate each (see Phase). */
  phases: z.array(Phase).default([]),
  steps: z.array(Step).min(1),
});

export type Procedure = z.output<typeof ProcedureSchema>;
