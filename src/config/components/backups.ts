// components.backups: a directory of dumps, whose newest must not be too old.
import { z } from 'zod';
import { remotePath } from '../fields.js';

export const BackupsSchema = z.strictObject({
  dir: remotePath,
  /** Shell glob of the dump files, e.g. "rapidpro-*.sql". */
  pattern: z.string().min(1).default('*'),
});
