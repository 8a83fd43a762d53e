// components.redis: Redis replication, master on the PostgreSQL primary.
import { z } from 'zod';
import { port, remotePath } from '../fields.js';

export const RedisSchema = z.strictObject({
  port: port.default(6379),
  /** File on the node holding the password (read there; never copied to the operator's machine). */
  password_file: remotePath.optional(),
});
