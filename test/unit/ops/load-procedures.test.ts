// A site's procedures folder written carelessly or with intent: each oddity is refused by name,
// with the file (and line when there is one), never a stack trace. (Issue 11, item 8.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ConfigFileError } from '../../../src/config/yaml-schema.js';
import { MAX_FILE_BYTES } from '../../../src/config/read-file.js';
import { loadProcedures } from '../../../src/ops/load-procedures.js';
import { aliasBomb } from '../../fixtures/config/alias-bomb.js';
import { scratch } from '../../support/scratch.js';

const uat = `name: uat\ntitle: UAT\ndescription: run the customer's checks\nsteps:\n  - { id: list, kind: manual, title: UAT list, instructions: Run it }\n`;

function refusal(dir: string): string {
  try {
    loadProcedures(dir);
  } catch (e) {
    assert.ok(e instanceof ConfigFileError, `not a ConfigFileError: ${String(e)}`);
    return e.message;
  }
  assert.fail('expected the folder to be refused');
}

test('item 8: a folder named x.yaml inside procedures_dir is refused by name, not a stack trace', () => {
  const f = scratch('hapilot-procs-');
  try {
    f.file('uat.yaml', uat);
    mkdirSync(path.join(f.dir, 'x.yaml'));
    assert.match(refusal(f.dir), new RegExp(`${f.dir}/x\\.yaml: cannot read the file: a folder, not a file`));
  } finally {
    f.cleanup();
  }
});

test('item 8: an alias bomb in a procedure file is refused at its first alias, quickly', () => {
  const f = scratch('hapilot-procs-');
  try {
    f.file('bomb.yaml', aliasBomb(uat));
    assert.match(refusal(f.dir), /bomb\.yaml:7:10: YAML: aliases \(\*name\) expand to more than 100 copies/);
  } finally {
    f.cleanup();
  }
});

test('item 8: a procedure file over 1 MiB is refused before parsing, with its size and the limit', () => {
  const f = scratch('hapilot-procs-');
  try {
    f.file('huge.yaml', `${uat}# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
    assert.match(refusal(f.dir), /huge\.yaml: cannot read the file: the file is 1\.00 MiB \(\d+ bytes\); the limit is 1\.00 MiB/);
  } finally {
    f.cleanup();
  }
});

test('editor leftovers are skipped (an emacs lock is a dangling symlink); a dangling .yaml link is refused by name', () => {
  const f = scratch('hapilot-procs-');
  try {
    f.file('uat.yaml', uat);
    symlinkSync('root@host.1234:1700000000', path.join(f.dir, '.#uat.yaml'));
    assert.deepEqual(
      [...loadProcedures(f.dir).values()].filter((p) => !p.builtin).map((p) => p.procedure.name),
      ['uat'],
    );
    symlinkSync('gone.yaml', path.join(f.dir, 'old.yaml'));
    assert.match(refusal(f.dir), /old\.yaml: cannot read the file: no such file or folder \(or a symbolic link to nothing\)/);
  } finally {
    f.cleanup();
  }
});

test('a procedures folder or file anyone may write is refused: it says what runs as root on the nodes', () => {
  const f = scratch('hapilot-procs-');
  try {
    const file = f.file('uat.yaml', uat);
    chmodSync(file, 0o666);
    assert.match(refusal(f.dir), /uat\.yaml: cannot read the file: the file is writable by every user of this machine \(mode 666\)/);
    chmodSync(file, 0o644);
    chmodSync(f.dir, 0o777);
    assert.match(refusal(f.dir), /the folder is writable by every user of this machine \(mode 777\)/);
    chmodSync(f.dir, 0o755);
    assert.ok(loadProcedures(f.dir).has('uat'));
  } finally {
    f.cleanup();
  }
});

test('a procedures folder that went away after the cluster file loaded is named, not skipped', () => {
  assert.match(refusal('/nonexistent/hapilot-procedures'), /\/nonexistent\/hapilot-procedures: no such file or folder/);
});

test('a procedure file that is not a mapping, and a bad extends, are positioned and bounded', () => {
  const f = scratch('hapilot-procs-');
  try {
    f.file('list.yaml', '- just\n- a list\n');
    assert.match(refusal(f.dir), /list\.yaml:1:1: expected a mapping, got a list$/);
    rmSync(path.join(f.dir, 'list.yaml'));
    f.file('ext.yaml', `name: ext\nextends: ${'n'.repeat(100_000)}\ntitle: t\ndescription: d\nsteps: []\n`);
    const message = refusal(f.dir);
    assert.match(
      message,
      /ext\.yaml:2:1: extends: expected the name of a procedure that does not itself extend one, got "n{80}…" \(cut: 100000 characters\)/,
    );
    assert.ok(message.length < 600, `message of ${message.length} characters`);
  } finally {
    f.cleanup();
  }
});

test('item 1: a placeholder where its value would be code (a quoted heredoc, $(( ))) is refused at load, by file and line', () => {
  const f = scratch('hapilot-procs-');
  try {
    f.file(
      'site.yaml',
      [
        'name: site',
        'title: Site',
        'description: d',
        'steps:',
        '  - id: read',
        '    kind: run',
        '    title: read',
        '    on: a',
        '    capture: x',
        '    command: [cat, /etc/hostname]',
        '  - id: use',
        '    kind: run',
        '    title: use',
        '    on: b',
        '    script: |',
        "      psql <<'SQL'",
        "      select '{{vars.x}}';",
        '      SQL',
        '      echo $(( {{vars.x}} + 1 ))',
        '',
      ].join('\n'),
    );
    const message = refusal(f.dir);
    assert.match(message, /site\.yaml:17: steps\.1\.script: \{\{vars\.x\}\} is inside a quoted here-document/);
    assert.match(message, /site\.yaml:19: steps\.1\.script: \{\{vars\.x\}\} is where bash evaluates it as arithmetic/);
  } finally {
    f.cleanup();
  }
});
