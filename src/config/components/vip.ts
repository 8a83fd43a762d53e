// vip (top level of the cluster file, beside nodes): the address that follows the primary, and
// what moves it. By default hapilot finds the manager on the nodes (keepalived's configuration,
// Pacemaker's resources) and decides how to move the VIP from it (ops/vip/decide.ts); `manager`
// forces a choice when a site wants another, or when what is found cannot be decided safely.
import { z } from 'zod';
import { argv, name } from '../fields.js';

export const VipManagerSchema = z.strictObject({
  /**
   * auto: decided from what the nodes run (keepalived or Pacemaker; refused when both or neither);
   * keepalived / pacemaker: only that one is considered; command: the site's own commands below;
   * none: nothing moves the VIP (a site without one, or moved by hand): procedures leave it alone.
   */
  use: z.enum(['auto', 'keepalived', 'pacemaker', 'command', 'none']).default('auto'),
  /** use: command. Run on the node that is to hold the VIP (e.g. [rapidpro-cluster-setipmaster]). */
  take: argv.optional(),
  /** use: command. Run on the node that gives the VIP up, before `take` (optional). */
  release: argv.optional(),
  /** Pacemaker: the resource that holds the VIP, when more than one IPaddr2 resource carries its address. */
  resource: name.optional(),
});

export const VipSchema = z
  .strictObject({
    address: z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' }),
    interface: z.string().min(1).optional(),
    manager: VipManagerSchema.default({ use: 'auto' }),
  })
  .superRefine((v, ctx) => {
    if (v.manager.use === 'command' && !v.manager.take) {
      ctx.addIssue({
        code: 'custom',
        path: ['manager', 'take'],
        message: 'manager use: command needs the command that takes the VIP (take: [...])',
      });
    }
    if (v.manager.use !== 'command' && (v.manager.take || v.manager.release)) {
      ctx.addIssue({ code: 'custom', path: ['manager', 'use'], message: 'take and release are for use: command' });
    }
  });
