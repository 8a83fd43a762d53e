// `hapilot run PROCEDURE`: the plan first, then the run with the same gates and journal as the
// console's wizard. At a terminal every gate is a prompt (default No). Unattended, it needs
// --confirm NODE for every node it changes, and says so before anything happens.
//
// Only the command line is declared here: the implementation, and src/ops with it, is loaded when
// the command runs, so no other command (the wallboard above all) has that code in memory.
import type { HapilotCommand } from './hapilot-command.js';
import { Option } from 'commander';
import type { NodeId } from '../cluster/facts.js';
import { clusterOption, type ClusterOptions } from './shared-options.js';
import type { GateGrain } from '../ops/operator.js';

export interface RunOptions extends ClusterOptions {
  dryRun?: boolean;
  confirm: string[];
  ack: string[];
  onFailure: 'stop' | 'rollback';
  standby?: NodeId;
  resume?: string | true;
  list?: boolean;
  gates: GateGrain;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerRun(program: HapilotCommand): void {
  program
    .command('run')
    .description('run a procedure (switchover, failover, rejoin, takeover, or a site one): plan, preflight, gates, journal')
    .argument('[procedure]', 'procedure name (hapilot run --list shows them)')
    .addOption(clusterOption())
    .option('--dry-run', 'print the plan and run the preflight only; change nothing')
    .option('--confirm <node>', 'unattended use: allow the changes on this node (repeat for each node)', collect, [])
    .option('--ack <step>', 'unattended use: state that this manual step was carried out', collect, [])
    .addOption(new Option('--on-failure <what>', 'unattended use: after a failed step').choices(['stop', 'rollback']).default('stop'))
    .addOption(new Option('--standby <node>', 'the node to act on as standby (e.g. which node rejoin makes a standby)').choices(['a', 'b']))
    .option('--resume [run]', 'resume a run that did not finish (the newest unfinished one if no id)')
    .option('--list', 'list the procedures')
    .addOption(
      new Option('--gates <grain>', 'at a terminal: ask once per phase (destructive steps still ask on their own) or before every change')
        .choices(['phase', 'step'] satisfies GateGrain[])
        .default('phase'),
    )
    .action(async (name: string | undefined, opts: RunOptions) => {
      const { runAction } = await import('./run-command.js');
      await runAction(name, opts);
    });
}
