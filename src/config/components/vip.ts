// vip (top level of the cluster file, beside nodes): the address that follows the primary.
import { z } from 'zod';

export const VipSchema = z.strictObject({
  address: z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' }),
  interface: z.string().min(1).optional(),
});
