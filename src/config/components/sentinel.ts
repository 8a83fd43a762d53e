// components.sentinel: Redis Sentinel on each node (OMniLeads), watching one master by name.
import { z } from 'zod';
import { name, port } from '../fields.js';

export const SentinelSchema = z.strictObject({
  port: port.default(26379),
  /** The master's name in sentinel.conf (`sentinel monitor NAME ...`). */
  master: name.default('mymaster'),
});
