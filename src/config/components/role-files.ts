// components.role_files: files a stack keeps its own idea of the node's role in (RapidPro's
// "master"/"slave", with an optional status such as "working").
import { z } from 'zod';
import { remotePath } from '../fields.js';

export const RoleFilesSchema = z.strictObject({ role: remotePath, status: remotePath.optional() });
