// components.carbonio: what habeat (Carbonio's account promotion tool) and Carbonio's HA module say
// on a mailstore: habeat's lock files in /var/tmp, the accounts replicated from the source mail
// host, the operations Carbonio still has queued (a promotion), and the Consul witness's members.
import { z } from 'zod';
import { ageThreshold } from '../units.js';
import { remotePath } from '../fields.js';

const hostName = z
  .string()
  .max(253)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'expected a host name (letters, digits, . and -)');

export const CarbonioSchema = z.strictObject({
  /**
   * habeat's lock files: its checkDownFile and checkPromotionFile with "-ROLE" appended, and its
   * checkRestartReplicaFile (habeat's sample configuration, role appserver).
   */
  lock_files: z
    .array(remotePath)
    .min(1)
    .default(['/var/tmp/appserverdown-habeat-appserver', '/var/tmp/appserverprom-habeat-appserver', '/var/tmp/appserverrstopha']),
  /** habeat runs every 5 minutes and removes its locks once the peer answers: older than this is stale. */
  lock_max_age: ageThreshold.default(900),
  /** The mail host whose accounts are replicated here (habeat's dc_check appserver_vmname). */
  source_mail_host: hostName,
  /** Carbonio's HA command module: "ha" in current releases, "mailreplica" in older ones. */
  module: z.enum(['ha', 'mailreplica']).default('ha'),
  /** Consul's HTTP API on the node (habeat's consul hostname and port): the witness's view of the members. */
  consul_url: z
    .string()
    .regex(/^https?:\/\/[A-Za-z0-9.:[\]-]+$/, 'expected http://HOST:PORT')
    .default('http://127.0.0.1:8500'),
});
