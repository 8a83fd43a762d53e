// components.pacemaker: Pacemaker/Corosync on both nodes (RapidPro's seed), read with crm_mon.
import { z } from 'zod';
import { name } from '../fields.js';

export const PacemakerSchema = z.strictObject({
  /**
   * The resource that carries the VIP (its id in the CIB). Left out: the one resource whose agent
   * is an address agent (ocf:heartbeat:IPaddr2, IPaddr), when there is exactly one.
   */
  resource: name.optional(),
});
