// Cluster files written carelessly or with intent: each ends in a clear refusal naming file, line
// and field, never a stack trace, an unbounded echo or a silent "no limit". (Issue 11, items 7 and
// 8, and the hostile inputs tried beyond them.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ClusterFileError, loadClusterFile, parseCluster } from '../../../src/config/load-cluster.js';
import { MAX_FILE_BYTES } from '../../../src/config/read-file.js';
import { aliasBomb } from '../../fixtures/config/alias-bomb.js';
import { scratch } from '../../support/scratch.js';

const minimal = `name: x\nnodes:\n  a: { alias: n1 }\n  b: { alias: n2 }\n`;

function refusal(text: string, file = '/etc/hapilot/site.yaml'): { lines: string[]; message: string } {
  try {
    parseCluster(text, file);
  } catch (e) {
    assert.ok(e instanceof ClusterFileError, String(e));
    return { lines: e.problems.map((p) => `${p.line}:${p.column} ${p.field} | ${p.message}`), message: e.message };
  }
  assert.fail('expected the file to be refused');
}

test('item 8: a YAML alias bomb is refused at the first alias, not expanded', () => {
  const { lines } = refusal(aliasBomb(minimal));
  assert.deepEqual(lines, [
    '6:10  | YAML: aliases (*name) expand to more than 100 copies; refused (this is how an alias bomb exhausts memory)',
  ]);
});

test('an alias that names no anchor is a positioned problem, not a ReferenceError', () => {
  assert.deepEqual(refusal(`${minimal}description: *nowhere\n`).lines, [
    '5:14  | YAML: the alias *nowhere names no anchor (&nowhere) before it',
  ]);
});

test('a few aliases, as people use them to share a block, still load', () => {
  const { def } = parseCluster(`${minimal}components:\n  services: [&svc { name: ssh, process: sshd }, *svc, *svc]\n`, '/x/c.yaml');
  assert.deepEqual(
    def.components.services?.map((s) => s.name),
    ['ssh', 'ssh', 'ssh'],
  );
});

test('item 8: durations of 0 or less are refused with the field and line; 0x10 is not 16 seconds', () => {
  assert.deepEqual(refusal(`${minimal}probe: { section_timeout: 0 }\nssh:\n  command_timeout: -5\n  keepalive_interval: 0s\n`).lines, [
    '5:10 probe.section_timeout | must be more than 0 (0 would mean no limit or no wait); expected a duration such as 500ms, 5s, 2m, 1h or 7d',
    '7:3 ssh.command_timeout | must be more than 0 (0 would mean no limit or no wait); expected a duration such as 500ms, 5s, 2m, 1h or 7d',
    '8:3 ssh.keepalive_interval | must be more than 0 (0 would mean no limit or no wait); expected a duration such as 500ms, 5s, 2m, 1h or 7d',
  ]);
  assert.deepEqual(refusal(`${minimal}ssh: { command_timeout: 0x10, connect_timeout: 0o20 }\n`).lines, [
    '5:25  | "0x10" is a hexadecimal number (16); write numbers in decimal',
    '5:48  | "0o20" is an octal number (16); write numbers in decimal',
  ]);
  // Node's timers cannot wait longer than about 24.8 days: a longer timeout would fire at once.
  assert.match(refusal(`${minimal}ssh: { command_timeout: 30d }\n`).lines[0]!, /ssh\.command_timeout \| at most 2147483 s/);
  // A threshold is compared, never waited on: a month is fine there.
  assert.equal(parseCluster(`${minimal}thresholds: { backup_max_age: 35d }\n`, '/x/c.yaml').def.thresholds.backup_max_age, 35 * 86400);
});

test('item 8: an echoed bad value is cut to a bounded length, with how much was cut', () => {
  const huge = 'x'.repeat(512 * 1024);
  const { message } = refusal(`${minimal}thresholds: { lag_seconds: "${huge}" }\n`);
  assert.ok(message.length < 600, `message of ${message.length} characters`);
  assert.match(message, /got "x{80}…" \(cut: 524288 characters\)/);
  // A long key is named the same way, in the field and in the message.
  const key = refusal(`${minimal}${'k'.repeat(512 * 1024)}: 1\n`);
  assert.ok(key.message.length < 800, `message of ${key.message.length} characters`);
});

test('item 8: a file larger than 1 MiB is refused before parsing, with its size and the limit', () => {
  const s = scratch('hapilot-hostile-');
  try {
    const big = s.file('big.yaml', `${minimal}description: "${'a'.repeat(MAX_FILE_BYTES)}"\n`);
    assert.throws(
      () => loadClusterFile(big),
      /big\.yaml: cannot read the file: the file is 1\.00 MiB \(\d+ bytes\); the limit is 1\.00 MiB/,
    );
  } finally {
    s.cleanup();
  }
});

test('item 8: a procedures_dir that is missing or not a folder is named with the cluster file line', () => {
  const s = scratch('hapilot-hostile-');
  try {
    const missing = s.file('c.yaml', `${minimal}procedures_dir: ./site-procedures\n`);
    assert.throws(
      () => loadClusterFile(missing),
      (e: unknown) => {
        assert.ok(e instanceof ClusterFileError);
        assert.equal(e.problems.length, 1);
        assert.equal(`${e.problems[0]!.line} ${e.problems[0]!.field}`, '5 procedures_dir');
        assert.match(e.problems[0]!.message, new RegExp(`${s.dir}/site-procedures: no such file or folder`));
        return true;
      },
    );
    s.file('site-procedures', 'a file');
    assert.throws(() => loadClusterFile(missing), /c\.yaml:5:1: procedures_dir: .*site-procedures: not a folder/);
  } finally {
    s.cleanup();
  }
});

test('item 7: two nodes shown under one name are refused, saying which field to set', () => {
  const sameHost = refusal('name: x\nnodes:\n  a: { host: 192.0.2.7, port: 22 }\n  b: { host: 192.0.2.7, port: 2222 }\n');
  assert.deepEqual(sameHost.lines, [
    '4:3 nodes.b | nodes a and b are both shown as "192.0.2.7": nobody could tell them apart, nor confirm a step on the right one; give them different names with name: (for example name: 192.0.2.7-2222)',
  ]);
  // Case and compatibility forms do not make two names different to a reader.
  assert.match(
    refusal('name: x\nnodes:\n  a: { alias: db1 }\n  b: { alias: DB1 }\n').lines[0]!,
    /shown as "db1" and "DB1", which read alike/,
  );
  assert.match(refusal('name: x\nnodes:\n  a: { alias: db1, name: ｄｂ１ }\n  b: { alias: db2, name: db1 }\n').lines[0]!, /read alike/);
  // Given names fix it, and every node then carries the name it is shown under.
  const { def } = parseCluster(
    'name: x\nnodes:\n  a: { host: 192.0.2.7, port: 22, name: db-22 }\n  b: { host: 192.0.2.7, port: 2222 }\n',
    '/x/c.yaml',
  );
  assert.deepEqual([def.nodes.a.name, def.nodes.b.name], ['db-22', '192.0.2.7']);
});

test('node names: no look-alike scripts mixed, no invisible or control characters; host, address and user are plain', () => {
  const named = (name: string) => refusal(`name: x\nnodes:\n  a: { alias: n1, name: ${JSON.stringify(name)} }\n  b: { alias: n2 }\n`).lines;
  assert.match(named('lab-\u0430')[0]!, /nodes\.a\.name \| "lab-а" mixes Latin and Cyrillic letters, which look alike/);
  assert.match(named('lab\u202eb-a')[0]!, /3:25 {2}\| "lab\\u202eb-a" holds an invisible control character \(U\+202E\)/);
  assert.match(named('a\u0000b')[0]!, /invisible control character \(U\+0000\)/);
  assert.match(named(' db1')[0]!, /" db1" cannot be a node's name; expected up to 64 letters/);
  assert.match(named('x'.repeat(65))[0]!, /is too long/);
  // Other scripts are fine on their own.
  assert.equal(
    parseCluster('name: x\nnodes:\n  a: { alias: n1, name: узел-1 }\n  b: { alias: n2, name: 节点二 }\n', '/x/c.yaml').def.nodes.b.name,
    '节点二',
  );
  assert.deepEqual(
    refusal(
      'name: x\nnodes:\n  a: { host: "db1 sslmode=disable" }\n  b: { alias: -oProxyCommand=x, user: "ro ot", address: "10.0.0.2 host=evil" }\n',
    ).lines,
    [
      '3:8 nodes.a.host | expected a host name or IP address (letters, digits and . - : %)',
      '4:8 nodes.b.alias | expected an ssh_config Host alias (letters, digits and . _ - @ : +)',
      '4:33 nodes.b.user | expected a user name (letters, digits and . _ - @ $)',
      '4:48 nodes.b.address | expected a host name or IP address (letters, digits and . - : %)',
    ],
  );
});

test('unreadable cluster files: a folder, a FIFO, a device, a symlink loop or to nothing, binary, world-writable', async () => {
  const s = scratch('hapilot-hostile-');
  try {
    const why = (file: string) => {
      try {
        loadClusterFile(file);
      } catch (e) {
        assert.ok(e instanceof ClusterFileError, String(e));
        return e.problems.map((p) => p.message).join('; ');
      }
      return 'loaded';
    };
    mkdirSync(path.join(s.dir, 'dir.yaml'));
    assert.equal(why(path.join(s.dir, 'dir.yaml')), 'cannot read the file: a folder, not a file');
    await execa('mkfifo', [path.join(s.dir, 'fifo.yaml')]);
    assert.equal(why(path.join(s.dir, 'fifo.yaml')), 'cannot read the file: a pipe (FIFO), not a regular file');
    assert.equal(why('/dev/zero'), 'cannot read the file: a device, not a regular file');
    symlinkSync('loop-b.yaml', path.join(s.dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(s.dir, 'loop-b.yaml'));
    assert.equal(why(path.join(s.dir, 'loop-a.yaml')), 'cannot read the file: a loop of symbolic links');
    symlinkSync('nothing.yaml', path.join(s.dir, 'dangling.yaml'));
    assert.equal(why(path.join(s.dir, 'dangling.yaml')), 'cannot read the file: no such file or folder (or a symbolic link to nothing)');
    assert.equal(
      why(s.file('bin.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]))),
      'cannot read the file: not UTF-8 text (a binary file?)',
    );
    const open = s.file('open.yaml', minimal);
    chmodSync(open, 0o666);
    assert.match(why(open), /writable by every user of this machine \(mode 666\); refused: run chmod o-w on it/);
    // A symbolic link to a good file is followed, as an operator would expect.
    chmodSync(open, 0o644);
    symlinkSync('open.yaml', path.join(s.dir, 'link.yaml'));
    assert.equal(why(path.join(s.dir, 'link.yaml')), 'loaded');
  } finally {
    s.cleanup();
  }
});

test('other hostile YAML: NUL bytes, escapes in double quotes, deep nesting, many problems', () => {
  assert.match(
    refusal(`${minimal}description: "\\e]0;pwned\\a"\n`).lines[0]!,
    /5:14 {2}\| "\\u001b\]0;pwned\\u0007" holds an invisible control character \(U\+001B\)/,
  );
  assert.match(refusal(`${minimal}description: a\u0000b\n`).lines[0]!, /U\+0000/);
  // The parser recurses: very deep nesting must end in a message, not a RangeError.
  // The parser would take about a minute on a megabyte of "[": nesting is bounded before parsing.
  assert.deepEqual(refusal(`${minimal}description: ${'['.repeat(300_000)}${']'.repeat(300_000)}\n`).lines, [
    '5:78  | YAML: [ ] and { } nested more than 64 deep; a hand-written file never needs that',
  ]);
  // Brackets inside quotes and block scalars are text, not nesting.
  const text = parseCluster(`${minimal}description: |\n  ${'['.repeat(100)}\n`, '/x/c.yaml');
  assert.equal(text.def.description, `${'['.repeat(100)}\n`);
  // A file of garbage: every problem is kept, the message lists the first twenty.
  const garbage = refusal(Array.from({ length: 100 }, (_, i) => `k${i}: 1`).join('\n'));
  assert.ok(garbage.lines.length > 100, `${garbage.lines.length} problems`);
  assert.match(garbage.message, /\.\.\. and \d+ more problems$/);
});

test('ssh.known_hosts that is not there, and ssh.config that is a folder or a FIFO, are refused with their lines', async () => {
  const s = scratch('hapilot-hostile-');
  try {
    mkdirSync(path.join(s.dir, 'ssh_config.d'));
    await execa('mkfifo', [path.join(s.dir, 'fifo_config')]);
    const text = (config: string) => `${minimal}ssh:\n  config: ${config}\n  known_hosts: ./known_hosts_typo\n`;
    assert.throws(
      () => loadClusterFile(s.file('c.yaml', text('./ssh_config.d'))),
      (e: unknown) => {
        assert.ok(e instanceof ClusterFileError);
        assert.deepEqual(
          e.problems.map((p) => `${p.line} ${p.field} | ${p.message}`),
          [
            `6 ssh.config | ${s.dir}/ssh_config.d: a folder, not a file`,
            `7 ssh.known_hosts | ${s.dir}/known_hosts_typo: no such file or folder (or a symbolic link to nothing)`,
          ],
        );
        return true;
      },
    );
    assert.throws(
      () => loadClusterFile(s.file('c.yaml', text('./fifo_config'))),
      /ssh\.config: .*fifo_config: a pipe \(FIFO\), not a regular file/,
    );
  } finally {
    s.cleanup();
  }
});
