// Start, stop (fast), promote, reload and ask the status of PostgreSQL on a node, the way its
// layout (layout.ts) runs it. Every command runs as root (the transport adds sudo -n for a login
// that is not root); pg_ctl runs as the cluster's OS user through runuser.
//   - debian: pg_ctlcluster VERSION CLUSTER ACTION (it switches to the owner, and to systemctl
//     where systemd runs, itself);
//   - systemd: systemctl start / stop of the unit, so systemd keeps knowing the server's state;
//     promote and reload are signals to the postmaster (pg_ctl), which systemd needs not know about;
//   - pg_ctl: pg_ctl -D DATA as the OS user, with -l so the server's own output never holds the
//     SSH session open.
// A stop is always a fast shutdown (sessions are ended, what is committed is kept): a smart one
// waits for every client to leave, which on a busy primary is never.
import { argvToShell } from '../../transport/quote.js';
import type { PostgresLayout } from './layout.js';
import { PostgresLayoutRefused, type ShellStep } from './types.js';

export type PostgresAction = 'start' | 'stop' | 'promote' | 'reload' | 'status';

export interface ControlOptions {
  /** How long pg_ctl waits for a start, stop or promotion to finish (seconds). Default 120. */
  waitSeconds?: number;
  /** pg_ctl start's -l (kind pg_ctl). Default DATA/hapilot-pg_ctl.log. */
  logFile?: string;
}

export function postgresControl(layout: PostgresLayout, action: PostgresAction, opts: ControlOptions = {}): ShellStep {
  const site = action === 'status' ? undefined : layout.siteCommands[action];
  if (site) {
    return { text: argvToShell(site), why: `the cluster file gives the ${action} command (otherwise: ${layout.why})` };
  }
  switch (layout.kind) {
    case 'debian':
      return debian(layout, action);
    case 'systemd':
      return systemd(layout, action, opts);
    case 'pg_ctl':
      return pgCtl(layout, action, opts);
    default: {
      const kind: never = layout.kind;
      throw new Error(`unknown PostgreSQL layout ${String(kind)}`);
    }
  }
}

function debian(layout: PostgresLayout, action: PostgresAction): ShellStep {
  const c = layout.debianCluster!;
  const argv = ['pg_ctlcluster', c.version, c.name, action];
  if (action === 'stop') argv.push('-m', 'fast');
  return { text: argvToShell(argv), why: layout.why };
}

/** pg_ctl ARGS as the cluster's OS user. */
function asOwner(layout: PostgresLayout, args: string[]): string {
  return argvToShell(['runuser', '-u', layout.osUser, '--', `${layout.binDir}/pg_ctl`, ...args]);
}

function waitArgs(opts: ControlOptions): string[] {
  return ['-w', '-t', String(opts.waitSeconds ?? 120)];
}

/** promote waits for the end of recovery from PostgreSQL 10 on; 9.6's pg_ctl promote cannot. */
function promoteArgs(layout: PostgresLayout, opts: ControlOptions): string[] {
  return ['promote', '-D', layout.dataDir, ...(layout.versionNum >= 100000 ? waitArgs(opts) : [])];
}

function promoteWhy(layout: PostgresLayout): string {
  return layout.versionNum >= 100000
    ? 'pg_ctl promote -w returns once recovery has ended'
    : `pg_ctl promote of PostgreSQL ${layout.major} does not wait: the end of recovery is to be checked after it`;
}

function pgCtl(layout: PostgresLayout, action: PostgresAction, opts: ControlOptions): ShellStep {
  const D = ['-D', layout.dataDir];
  switch (action) {
    case 'start': {
      const log = opts.logFile ?? `${layout.dataDir}/hapilot-pg_ctl.log`;
      return {
        text: asOwner(layout, ['start', ...D, '-l', log, ...waitArgs(opts)]),
        why: `${layout.why}; its output before logging starts goes to ${log}`,
      };
    }
    case 'stop':
      return { text: asOwner(layout, ['stop', ...D, '-m', 'fast', ...waitArgs(opts)]), why: layout.why };
    case 'promote':
      return { text: asOwner(layout, promoteArgs(layout, opts)), why: `${layout.why}; ${promoteWhy(layout)}` };
    case 'reload':
      return { text: asOwner(layout, ['reload', ...D]), why: layout.why };
    case 'status':
      return { text: asOwner(layout, ['status', ...D]), why: `${layout.why}; pg_ctl status exits 3 when the server is not running` };
    default: {
      const a: never = action;
      throw new Error(`unknown action ${String(a)}`);
    }
  }
}

function systemd(layout: PostgresLayout, action: PostgresAction, opts: ControlOptions): ShellStep {
  const unit = layout.unit!;
  const D = ['-D', layout.dataDir];
  switch (action) {
    case 'start':
      return { text: argvToShell(['systemctl', 'start', unit.name]), why: layout.why };
    case 'stop': {
      const fast = unitStopsFast(layout);
      if (fast) return { text: argvToShell(['systemctl', 'stop', unit.name]), why: `${layout.why}; ${fast}` };
      // The unit's own stop is not a fast shutdown: pg_ctl stops the server fast, then systemctl
      // stop settles the unit (the server is gone: systemd has nothing left to stop). A unit that
      // restarts a server that exits cleanly would start it again in between: refused.
      if (unit.restart === 'always' || unit.restart === 'on-success') {
        throw new PostgresLayoutRefused(
          `${unit.name} ${stopDescription(unit)} and restarts PostgreSQL when it exits cleanly (Restart=${unit.restart}): hapilot cannot stop it fast; change the unit or name stop commands in the cluster file`,
        );
      }
      return {
        text: `${asOwner(layout, ['stop', ...D, '-m', 'fast', ...waitArgs(opts)])}\n${argvToShell(['systemctl', 'stop', unit.name])}`,
        why: `${layout.why}; ${unit.name} ${stopDescription(unit)}, so pg_ctl stops the server fast first and systemctl stop then settles the unit`,
      };
    }
    case 'promote':
      return { text: asOwner(layout, promoteArgs(layout, opts)), why: `${layout.why}; systemd has no promote, ${promoteWhy(layout)}` };
    case 'reload':
      return {
        text: asOwner(layout, ['reload', ...D]),
        why: `${layout.why}; a reload is a signal to the postmaster, which systemd needs not know about`,
      };
    case 'status':
      return { text: asOwner(layout, ['status', ...D]), why: `${layout.why}; pg_ctl status exits 3 when the server is not running` };
    default: {
      const a: never = action;
      throw new Error(`unknown action ${String(a)}`);
    }
  }
}

const SIGINT = 2;
const SIGNAL_NAMES: Readonly<Record<number, string>> = { 2: 'SIGINT', 3: 'SIGQUIT', 9: 'SIGKILL', 15: 'SIGTERM' };

/** Why the unit's own stop is a fast shutdown, or null when it is not known to be one. */
function unitStopsFast(layout: PostgresLayout): string | null {
  const unit = layout.unit!;
  if (unit.execStop) {
    const words = unit.execStop;
    const pgCtlStop = words[0]?.endsWith('/pg_ctl') && words.includes('stop');
    const fast = words.some((w, i) => /^(-mf(ast)?|--mode=f(ast)?)$/.test(w) || (w === '-m' && /^f(ast)?$/.test(words[i + 1] ?? '')));
    return pgCtlStop && fast ? `${unit.name} stops it with ${words.join(' ')}, a fast shutdown` : null;
  }
  return unit.killSignal === SIGINT ? `${unit.name} stops it with SIGINT (KillSignal), PostgreSQL's fast shutdown` : null;
}

function stopDescription(unit: PostgresLayout['unit'] & {}): string {
  if (unit.execStop) return `stops it with ${unit.execStop.join(' ')}, not known to be a fast shutdown`;
  const sig = unit.killSignal === null ? 'an unknown signal' : (SIGNAL_NAMES[unit.killSignal] ?? `signal ${unit.killSignal}`);
  return unit.killSignal === 15
    ? "stops it with SIGTERM, PostgreSQL's smart shutdown, which waits for every client to disconnect"
    : `stops it with ${sig}, not PostgreSQL's fast shutdown`;
}
