// The command line: parses arguments with commander and hands each command to its module.
// Exit codes: 0 ok, 2 usage error (unknown command or flag, bad value); status uses the
// monitoring-plugin codes (see src/exit-codes.ts). An operator's mistake (OperatorError, from any
// layer) is said here in one line, with the exit code its command gives such mistakes.
import { CommanderError, type Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { OperatorError } from '../operator-error.js';
import { VERSION } from '../version.js';
import { visibleText } from '../format/visible.js';
import { commands } from './commands.js';
import { HapilotCommand } from './hapilot-command.js';

export function buildProgram(register = commands): HapilotCommand {
  const program = new HapilotCommand('hapilot')
    .description('Operate two-node high-availability clusters: status, console, wallboard, procedures.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run hapilot --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const r of register) r(program);
  return program;
}

export async function main(argv: string[], program: HapilotCommand = buildProgram()): Promise<number> {
  let running: Command = program;
  program.hook('preAction', (_program, action) => {
    running = action;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.OK;
      if (err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    // A mistake the operator can fix is said in one clear message, never as a stack trace.
    if (err instanceof OperatorError) {
      // A message may quote a node (a refused host key's banner, a command's stderr).
      process.stderr.write(`hapilot: ${visibleText(err.message)}\n`);
      return running instanceof HapilotCommand ? running.operatorErrorExit : EXIT.USAGE;
    }
    throw err;
  }
}
