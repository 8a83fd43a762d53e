// The command line as a user meets it: help, version, and clear errors with exit 2 for unknown
// commands and flags; the built dist/ runs; an old Node gets told what it needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { REPO } from '../../support/lab.js';
import { hapilot } from '../../support/hapilot.js';

const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

test('--help lists the commands and --version prints the version, both exit 0', async () => {
  const help = await hapilot(['--help']);
  assert.equal(help.exitCode, 0);
  for (const cmd of ['status', 'run', 'journal', 'lock']) assert.match(help.stdout, new RegExp(`^  ${cmd}\\b`, 'm'));
  const version = await hapilot(['--version']);
  assert.equal(version.exitCode, 0);
  assert.equal(version.stdout.trim(), pkg.version);
});

test('an unknown command or flag is a clear error with exit 2', async () => {
  const flag = await hapilot(['status', '--bogus']);
  assert.equal(flag.exitCode, 2);
  assert.match(flag.stderr, /unknown option '--bogus'/);
  const command = await hapilot(['statsu']);
  assert.equal(command.exitCode, 2);
  assert.match(command.stderr, /unknown command 'statsu'|too many arguments/);
});

test('a bad cluster file is reported with its line and field, no stack trace: exit 3 (UNKNOWN) from status, a monitoring check; 2 from run', async () => {
  const r = await hapilot(['status', '-c', path.join(REPO, 'package.json')]);
  assert.equal(r.exitCode, 3, 'status could not check: UNKNOWN, not CRITICAL');
  assert.match(r.stderr, /package\.json:\d+:\d+: /);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  const run = await hapilot(['run', '--list', '-c', path.join(REPO, 'package.json')]);
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /^hapilot: .*package\.json: \d+ problems in the cluster definition\n/);
  assert.doesNotMatch(run.stderr, /at .*\.[jt]s:\d+/);
});

test('the built dist/cli.js runs on the pinned Node, and an old Node is told what it needs', async () => {
  assert.ok(existsSync(path.join(REPO, 'dist/cli.js')), 'no dist/cli.js: run npm run build (npm test builds before testing)');
  const ok = await execa(process.execPath, [path.join(REPO, 'dist/cli.js'), '--help'], { reject: false });
  assert.equal(ok.exitCode, 0);
  assert.match(ok.stdout, /Usage: hapilot/);
  const system = await execa('/usr/bin/node', ['--version'], { reject: false });
  if (system.exitCode === 0 && Number(system.stdout.slice(1).split('.')[0]) < 22) {
    const old = await execa('/usr/bin/node', [path.join(REPO, 'dist/cli.js'), '--help'], { reject: false });
    assert.equal(old.exitCode, 2);
    assert.match(old.stderr, /needs Node\.js >= 22 \(this is v20/);
  }
});
