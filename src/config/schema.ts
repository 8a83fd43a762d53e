// The cluster definition: one YAML file per cluster (see config/*.yaml for commented examples).
// Strict everywhere: an unknown key is an error, not silently ignored, because a misspelt
// threshold that falls back to its default is how an alarm stays silent during an incident.
import { z } from 'zod';
import { duration, size } from './units.js';

const remotePath = z.string().regex(/^\//, 'expected an absolute path on the node (starting with /)');
/** A command as its argument list; hapilot quotes every argument when it builds a remote command. */
const argv = z.array(z.string().min(1)).min(1, 'expected a command as a list of arguments, e.g. [mongosh, --quiet]');
const name = z.string().regex(/^[A-Za-z0-9_.@:+-]+$/, 'expected a name of letters, digits and . _ - @ : +');

export const NodeSchema = z
  .strictObject({
    /** A Host alias from ssh_config: HostName, User, Port, IdentityFile and ProxyJump come from there. */
    alias: z.string().min(1).optional(),
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    user: z.string().min(1).optional(),
    /** Private key file (a path on the operator's machine, relative to this file). */
    identity: z.string().min(1).optional(),
    /** Name shown in the console; defaults to the alias or host. */
    name: z.string().min(1).optional(),
    /** Prefix node commands with `sudo -n` (for a login that is not root). */
    sudo: z.boolean().default(false),
    /**
     * The node's address on the cluster network, as its peer reaches it (replication, Redis).
     * Defaults to the HostName ssh connects to.
     */
    address: z.string().min(1).optional(),
  })
  .refine((n) => Boolean(n.alias) !== Boolean(n.host), {
    message: 'give either alias (an ssh_config Host) or host, not both and not neither',
  });

export const ServiceSchema = z.strictObject({
  /** Unit or init script name: `systemctl is-active NAME` where systemd runs. */
  name,
  /** Process name looked for with `pgrep -x` where systemd does not run; defaults to name. */
  process: z.string().min(1).optional(),
  /** Where it must run: on both nodes, or only on the primary (e.g. RapidPro's celerybeat) or standby. */
  run_on: z.enum(['both', 'primary', 'standby']).default('both'),
});

export const PostgresSchema = z.strictObject({
  /** Major version as in /etc/postgresql/VERSION: 15, or 9.6 for the old numbering. */
  version: z.number().min(9),
  cluster: name.default('main'),
  port: z.number().int().min(1).max(65535).default(5432),
  data_dir: remotePath.optional(),
  /** OS user that owns the cluster; probes run psql as this user over the local socket. */
  os_user: name.default('postgres'),
  database: name.default('postgres'),
  /** Role a standby connects as (its password is in the OS user's ~/.pgpass on each node). */
  replication_user: name.default('replicator'),
  /** Physical replication slot each node uses when it is the standby. */
  slots: z.strictObject({ a: name, b: name }).default({ a: 'hapilot_a', b: 'hapilot_b' }),
  /**
   * synchronous_standby_names names the peer in each node's configuration: commits wait for the
   * standby. Procedures then switch it off while a node runs alone, and back on when it rejoins.
   */
  synchronous: z.boolean().default(false),
});

export const ComponentsSchema = z.strictObject({
  role_files: z.strictObject({ role: remotePath, status: remotePath.optional() }).optional(),
  services: z.array(ServiceSchema).optional(),
  postgres: PostgresSchema.optional(),
  repmgr: z.strictObject({ config: remotePath.default('/etc/repmgr.conf') }).optional(),
  redis: z
    .strictObject({
      port: z.number().int().min(1).max(65535).default(6379),
      /** File on the node holding the password (read there; never copied to the operator's machine). */
      password_file: remotePath.optional(),
    })
    .optional(),
  mongodb: z
    .strictObject({
      /** The shell to run, without --eval: [mongosh, --quiet] or, on older stacks, [mongo, --quiet]. */
      command: argv.default(['mongosh', '--quiet']),
    })
    .optional(),
  sync: z.strictObject({ paths: z.array(remotePath).min(1) }).optional(),
  keepalived: z
    .strictObject({
      process: z.string().min(1).default('keepalived'),
      /**
       * A vrrp_track_file with weight 0 that hapilot writes to move the VIP: a non-zero number
       * puts the node's VRRP instance in FAULT, so it releases the VIP; 0 makes it eligible again.
       * With nopreempt, an eligible node never takes the VIP back by itself (lab/files/keepalived.conf).
       */
      release_file: remotePath.optional(),
    })
    .optional(),
  backups: z
    .strictObject({
      dir: remotePath,
      /** Shell glob of the dump files, e.g. "rapidpro-*.sql". */
      pattern: z.string().min(1).default('*'),
    })
    .optional(),
  asterisk: z.strictObject({ command: argv.default(['asterisk', '-rx', 'core show channels']) }).optional(),
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
  lag_seconds: duration.default(30),
  /** Sync directories whose sizes differ by more than this are reported. */
  sync_diff_percent: z.number().min(0).max(100).default(5),
  /** Newest backup older than this is reported. */
  backup_max_age: duration.default(86400),
  clock_skew: duration.default(2),
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
  vip: z
    .strictObject({
      address: z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' }),
      interface: z.string().min(1).optional(),
    })
    .optional(),
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
export type PostgresSettings = z.output<typeof PostgresSchema>;
