// The command line: parses arguments with commander and hands each command to its module.
// Exit codes: 0 ok, 2 usage error (unknown command or flag, bad value); status uses the
// monitoring-plugin codes (see src/cli/exit-codes.ts).
import { Command, CommanderError } from 'commander';
import { EXIT } from './exit-codes.js';
import { VERSION } from '../version.js';
import { commands } from './commands.js';
import { UsageError } from './errors.js';
import { ConfigFileError } from '../config/yaml-schema.js';

export function buildProgram(): Command {
  const program = new Command('hapilot')
    .description('Operate two-node high-availability clusters: status, console, wallboard, procedures.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run hapilot --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.OK;
      if (err.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    // A mistake in a file or in the request is said in one clear message, never as a stack trace.
    if (err instanceof UsageError || err instanceof ConfigFileError) {
      process.stderr.write(`hapilot: ${err.message}\n`);
      return EXIT.USAGE;
    }
    throw err;
  }
}
