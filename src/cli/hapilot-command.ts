// hapilot's commander Command. Every command and subcommand is one (createCommand), so each can
// say which exit code an operator's mistake gives (an OperatorError: a bad cluster file, a refused
// plan, ...): 2 unless the command says otherwise. main() reads it from the command that ran.
import { Command } from 'commander';
import { EXIT } from '../exit-codes.js';

export class HapilotCommand extends Command {
  #operatorErrorExit: number = EXIT.USAGE;

  override createCommand(name?: string): HapilotCommand {
    return new HapilotCommand(name);
  }

  /** The exit code of an operator's mistake in this command. */
  exitOnOperatorError(code: number): this {
    this.#operatorErrorExit = code;
    return this;
  }

  get operatorErrorExit(): number {
    return this.#operatorErrorExit;
  }
}
