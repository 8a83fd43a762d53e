// components.repmgr: repmgr's view of the PostgreSQL cluster (run as postgres.os_user).
import { z } from 'zod';
import { remotePath } from '../fields.js';

export const RepmgrSchema = z.strictObject({ config: remotePath.default('/etc/repmgr.conf') });
