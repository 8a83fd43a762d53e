// components.services: the services that must run, each on both nodes or on one role only.
import { z } from 'zod';
import { name } from '../fields.js';

export const ServiceSchema = z.strictObject({
  /** Unit or init script name: `systemctl is-active NAME` where systemd runs. */
  name,
  /** Process name looked for with `pgrep -x` where systemd does not run; defaults to name. */
  process: z.string().min(1).optional(),
  /** Where it must run: on both nodes, or only on the primary (e.g. RapidPro's celerybeat) or standby. */
  run_on: z.enum(['both', 'primary', 'standby']).default('both'),
});

export const ServicesSchema = z.array(ServiceSchema);
