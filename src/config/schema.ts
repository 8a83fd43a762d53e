// The cluster definition: one YAML file per cluster (see config/*.yaml for commented examples).
// Strict everywhere: an unknown key is an error, not silently ignored, because a misspelt
// threshold that falls back to its default is how an alarm stays silent during an incident.
import { z } from 'zod';
import { ageThreshold, duration, size } from './units.js';
import { argv, port } from './fields.js';
import { SHOWN_NAME_RULE, shownNameProblem } from './shown-name.js';
import { RoleFilesSchema } from './components/role-files.js';
import { ServicesSchema } from './components/services.js';
import { PostgresSchema } from './components/postgres.js';
import { RepmgrSchema } from './components/repmgr.js';
import { RedisSchema } from './components/redis.js';
import { MongoSchema } from './components/mongodb.js';
import { SyncSchema } from './components/sync.js';
import { KeepalivedSchema } from './components/keepalived.js';
import { PacemakerSchema } from './components/pacemaker.js';
import { BackupsSchema } from './components/backups.js';
import { AsteriskSchema } from './components/asterisk.js';
import { VipSchema } from './components/vip.js';
import { CarbonioSchema } from './components/carbonio.js';
import { SentinelSchema } from './components/sentinel.js';

// How ssh and the cluster network name a node. Plain ASCII with no space, quote, `=` or leading
// `-`: the values end up in ssh's arguments and in libpq connection strings.
const hostName = z
  .string()
  .max(253)
  .regex(/^[A-Za-z0-9:][A-Za-z0-9._:%-]*$/, 'expected a host name or IP address (letters, digits and . - : %)');
const sshAlias = z
  .string()
  .max(253)
  .regex(/^\w[\w.@:+-]*$/, 'expected an ssh_config Host alias (letters, digits and . _ - @ : +)');
const loginName = z
  .string()
  .max(64)
  .regex(/^[\w.][\w.@$-]*$/, 'expected a user name (letters, digits and . _ - @ $)');

export const NodeSchema = z
  .strictObject({
    /** A Host alias from ssh_config: HostName, User, Port, IdentityFile and ProxyJump come from there. */
    alias: sshAlias.optional(),
    host: hostName.optional(),
    port: port.optional(),
    user: loginName.optional(),
    /** Private key file (a path on the operator's machine, relative to this file). */
    identity: z.string().min(1).optional(),
    /**
     * Name shown in the console and typed at a destructive step's gate; defaults to the alias or
     * host. The two nodes' names must differ (load-cluster.ts).
     */
    name: z
      .string()
      .superRefine((v, ctx) => {
        const why = shownNameProblem(v);
        if (why) ctx.addIssue({ code: 'custom', message: `${why}; ${SHOWN_NAME_RULE}` });
      })
      .optional(),
    /** Prefix node commands with `sudo -n` (for a login that is not root). */
    sudo: z.boolean().default(false),
    /**
     * The node's address on the cluster network, as its peer reaches it (replication, Redis).
     * Defaults to the HostName ssh connects to.
     */
    address: hostName.optional(),
  })
  .refine((n) => Boolean(n.alias) !== Boolean(n.host), {
    message: 'give either alias (an ssh_config Host) or host, not both and not neither',
  });

// Each component's settings are in its own file under components/; this list is the cluster file's
// `components:` section (the order is the one an unknown key's message lists them in).
export const ComponentsSchema = z.strictObject({
  role_files: RoleFilesSchema.optional(),
  services: ServicesSchema.optional(),
  postgres: PostgresSchema.optional(),
  repmgr: RepmgrSchema.optional(),
  redis: RedisSchema.optional(),
  sentinel: SentinelSchema.optional(),
  mongodb: MongoSchema.optional(),
  sync: SyncSchema.optional(),
  keepalived: KeepalivedSchema.optional(),
  pacemaker: PacemakerSchema.optional(),
  backups: BackupsSchema.optional(),
  asterisk: AsteriskSchema.optional(),
  carbonio: CarbonioSchema.optional(),
});

/** Something that acts on the cluster by itself and would fight an operator mid-procedure. */
export const InterlockSchema = z.strictObject({
  name: z.string().min(1),
  /** Where it runs. */
  on: z.enum(['a', 'b', 'both']).default('both'),
  /** Exit status 0: active (will be paused), 1: inactive; anything else: state unknown. */
  active: argv,
  pause: argv,
  resume: argv,
});

export const ThresholdsSchema = z.strictObject({
  /** Replication lag (PostgreSQL WAL, Redis offsets) above which the cluster is degraded. */
  lag_bytes: size.default(16 * 1024 * 1024),
  lag_seconds: ageThreshold.default(30),
  /** Sync directories whose sizes differ by more than this are reported. */
  sync_diff_percent: z.number().min(0).max(100).default(5),
  /** Newest backup older than this is reported. */
  backup_max_age: ageThreshold.default(86400),
  clock_skew: ageThreshold.default(2),
});

export const ClusterSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  ssh: z
    .strictObject({
      /** An ssh_config file (relative to this file); defaults to ~/.ssh/config. */
      config: z.string().min(1).optional(),
      /** Extra known_hosts file; the ones ssh_config names are always used. */
      known_hosts: z.string().min(1).optional(),
      connect_timeout: duration.default(10),
      command_timeout: duration.default(20),
      keepalive_interval: duration.default(5),
    })
    .default({ connect_timeout: 10, command_timeout: 20, keepalive_interval: 5 }),
  nodes: z.strictObject({ a: NodeSchema, b: NodeSchema }),
  vip: VipSchema.optional(),
  components: ComponentsSchema.default({}),
  /** Automation paused during procedures and restored at the end, also on abort (repmgrd, HA-check crons). */
  automation: z.array(InterlockSchema).default([]),
  /** A folder of site procedures (YAML), relative to this file; built-ins always load. */
  procedures_dir: z.string().min(1).optional(),
  thresholds: ThresholdsSchema.default(ThresholdsSchema.parse({})),
  probe: z
    .strictObject({
      /** Each probe section (one component) is cut off after this. */
      section_timeout: duration.default(5),
    })
    .default({ section_timeout: 5 }),
});

export type ClusterDefinition = z.output<typeof ClusterSchema>;
export type NodeDefinition = z.output<typeof NodeSchema>;
export type Components = z.output<typeof ComponentsSchema>;
export type Thresholds = z.output<typeof ThresholdsSchema>;
export type Interlock = z.output<typeof InterlockSchema>;
