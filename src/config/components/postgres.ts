// components.postgres: PostgreSQL streaming replication between the two nodes.
import { z } from 'zod';
import { argv, name, port, remotePath } from '../fields.js';

export const PostgresSchema = z.strictObject({
  /** Major version as in /etc/postgresql/VERSION: 15, or 9.6 for the old numbering. */
  version: z.number().min(9),
  cluster: name.default('main'),
  port: port.default(5432),
  data_dir: remotePath.optional(),
  /** Where pg_ctl and pg_controldata are, when the node has several of this version. */
  bin_dir: remotePath.optional(),
  /** A systemd unit that runs this server (postgresql-11), when nothing ties one to the data directory. */
  service: z.string().min(1).optional(),
  /**
   * The site's own way to start, stop or promote PostgreSQL (a wrapper, a cluster manager): used
   * instead of the layout's own commands (ops/postgres/control.ts) for those actions.
   */
  commands: z.strictObject({ start: argv.optional(), stop: argv.optional(), promote: argv.optional() }).optional(),
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
  /**
   * The two nodes' databases are not a streaming pair: each node has its own writable PostgreSQL
   * (Wazo: configuration copied by the xivo-sync cron, CEL written to both). Two primaries are then
   * the normal state, not a split brain; which node is the primary comes from another basis (the
   * VIP holder, the role files), and the streaming procedures refuse to run.
   */
  independent: z.boolean().default(false),
});
