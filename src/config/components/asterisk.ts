// components.asterisk: calls and channels, from Asterisk's console.
import { z } from 'zod';
import { argv } from '../fields.js';

export const AsteriskSchema = z.strictObject({ command: argv.default(['asterisk', '-rx', 'core show channels']) });
