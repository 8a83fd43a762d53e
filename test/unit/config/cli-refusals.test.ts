// The command line meeting broken or hostile configuration: a message that says what and where,
// never a stack trace. Each case was a stack trace or a wrong value before. (Issue 11, item 8.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { hapilot, tempJournalDir } from '../../support/hapilot.js';
import { aliasBomb } from '../../fixtures/config/alias-bomb.js';
import { scratch } from '../../support/scratch.js';

const STACK = /^\s+at .*:\d+:\d+\)?$/m;

test('item 8: --interval 0x10 is refused, not read as 16 seconds', async () => {
  const r = await hapilot(['watch', '--interval', '0x10', '--cluster', '/nonexistent.yaml']);
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /option '--interval <seconds>' argument '0x10' is invalid\. expected seconds between 0\.5 and 3600/);
});

test("item 8: run --dry-run when ssh -G fails names the ssh_config file, its line and ssh's own words", async () => {
  const s = scratch('hapilot-cli-refusals-');
  try {
    s.file('ssh_config', 'Host db1\n  HostName 192.0.2.1\n  Frobnicate yes\n');
    const cluster = s.file('c.yaml', 'name: t\nssh: { config: ./ssh_config }\nnodes:\n  a: { alias: db1 }\n  b: { alias: db2 }\n');
    const r = await hapilot(['run', 'switchover', '--dry-run', '--cluster', cluster], { journalDir: tempJournalDir(), timeoutMs: 60_000 });
    assert.doesNotMatch(r.stderr, STACK);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`ssh cannot resolve its options for db[12] from ${s.dir}/ssh_config`));
    assert.match(r.stderr, new RegExp(`  ${s.dir}/ssh_config:3: Bad configuration option: frobnicate`));
  } finally {
    s.cleanup();
  }
});

test('item 8: a folder named x.yaml in procedures_dir, and an alias bomb, end in a message', async () => {
  const s = scratch('hapilot-cli-refusals-');
  try {
    mkdirSync(path.join(s.dir, 'procedures', 'x.yaml'), { recursive: true });
    const cluster = s.file('c.yaml', 'name: t\nprocedures_dir: ./procedures\nnodes:\n  a: { host: 192.0.2.1 }\n  b: { host: 192.0.2.2 }\n');
    const dry = await hapilot(['run', 'switchover', '--dry-run', '--cluster', cluster], {
      journalDir: tempJournalDir(),
      timeoutMs: 60_000,
    });
    assert.doesNotMatch(dry.stderr, STACK);
    assert.match(dry.stderr, /procedures\/x\.yaml: cannot read the file: a folder, not a file/);
    const bombFile = s.file('bomb.yaml', aliasBomb('name: t\nnodes: { a: { host: 192.0.2.1 }, b: { host: 192.0.2.2 } }'));
    const bomb = await hapilot(['status', '--cluster', bombFile], { timeoutMs: 60_000 });
    assert.doesNotMatch(bomb.stderr, STACK);
    assert.notEqual(bomb.exitCode, 1);
    assert.match(bomb.stderr, /bomb\.yaml:4:10: YAML: aliases \(\*name\) expand to more than 100 copies/);
  } finally {
    s.cleanup();
  }
});
