// components.mongodb: a MongoDB replica set, read through its shell's rs.status().
import { z } from 'zod';
import { argv } from '../fields.js';

export const MongoSchema = z.strictObject({
  /** The shell to run, without --eval: [mongosh, --quiet] or, on older stacks, [mongo, --quiet]. */
  command: argv.default(['mongosh', '--quiet']),
});
