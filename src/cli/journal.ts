// `hapilot journal`: past procedure runs, newest first; `hapilot journal RUN` tells one run's
// story step by step, with every command, exit status, operator decision and the outcome.
//
// Only the command line is declared here; what it does (src/cli/journal-command.ts, with the
// journal reader of src/ops) is loaded when it runs.
import type { HapilotCommand } from './hapilot-command.js';

export function registerJournal(program: HapilotCommand): void {
  program
    .command('journal')
    .description('list procedure runs, or show one run step by step')
    .argument('[run]', 'a run id (or its unique beginning)')
    .option('--cluster-name <name>', 'only runs on this cluster')
    .option('--json', 'print the run as its raw JSON lines')
    .action(async (runId: string | undefined, opts: { clusterName?: string; json?: boolean }) => {
      const { journalAction } = await import('./journal-command.js');
      journalAction(runId, opts);
    });
}
