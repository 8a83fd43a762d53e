// Field types shared by the cluster file's sections (schema.ts and each component's in components/).
import { z } from 'zod';

export const port = z.number().int().min(1).max(65535);
export const remotePath = z.string().regex(/^\//, 'expected an absolute path on the node (starting with /)');
/** A command as its argument list; hapilot quotes every argument when it builds a remote command. */
export const argv = z.array(z.string().min(1)).min(1, 'expected a command as a list of arguments, e.g. [mongosh, --quiet]');
export const name = z.string().regex(/^[A-Za-z0-9_.@:+-]+$/, 'expected a name of letters, digits and . _ - @ : +');
