// components.sync: directories kept in step between the nodes, compared by size.
import { z } from 'zod';
import { remotePath } from '../fields.js';

export const SyncSchema = z.strictObject({ paths: z.array(remotePath).min(1) });
