// Options several commands share, declared once (as patroni's ctl.py declares its shared options
// once and puts them on each command). A commander Option belongs to one command, so each call
// makes a new one.
import { InvalidArgumentError, Option } from 'commander';
import { parseDurationArgument } from '../config/units.js';

/** -c, --cluster FILE: every command that talks to a cluster (cluster-file.ts reads it, with the last one used as default). */
export function clusterOption(): Option {
  return new Option('-c, --cluster <file>', 'cluster definition (default: the one used last)');
}

export interface ClusterOptions {
  cluster?: string;
}

/** --interval SECONDS: the console's and the wallboard's time between probe rounds. */
export function intervalOption(): Option {
  return new Option('--interval <seconds>', 'seconds between probe rounds (default: the refreshSeconds preference, 2)').argParser(
    parseIntervalSeconds,
  );
}

/** At least 0.5 s (a round takes a few hundred ms), at most an hour; decimal only (0x10 is not 16). */
export function parseIntervalSeconds(value: string): number {
  const n = parseDurationArgument(value) ?? Number.NaN;
  if (!Number.isFinite(n) || n < 0.5 || n > 3600) throw new InvalidArgumentError('expected seconds between 0.5 and 3600');
  return n;
}
