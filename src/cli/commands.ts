// Every command hapilot has, each registered by its own module.
import type { HapilotCommand } from './hapilot-command.js';
import { registerStatus } from './status.js';
import { registerRun } from './run.js';
import { registerJournal } from './journal.js';
import { registerLock } from './lock.js';
import { registerConsole } from './console.js';
import { registerWatch } from './watch.js';

export type RegisterCommand = (program: HapilotCommand) => void;

export const commands: RegisterCommand[] = [registerStatus, registerRun, registerJournal, registerLock, registerConsole, registerWatch];
