import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandLog, summariseCommand } from '../../../src/transport/command-log.js';
import type { CommandLogEntry } from '../../../src/transport/types.js';

test('entries are recorded at start and completed at the end; listeners see both', () => {
  const log = new CommandLog();
  const seen: CommandLogEntry[] = [];
  const off = log.subscribe((e) => seen.push(e));
  const id = log.start({ node: 'a', nodeName: 'db1', cmd: { kind: 'probe', text: 'hostname', label: 'host' }, startedAt: new Date(0) });
  log.finish(id, { durationMs: 12, exitCode: 0 });
  const id2 = log.start({ node: 'b', nodeName: 'db2', cmd: { kind: 'change', text: 'touch x', label: 'touch' } });
  log.finish(id2, { durationMs: 5000, error: 'timed out after 5000 ms' });
  off();
  log.start({ node: 'a', nodeName: 'db1', cmd: { kind: 'probe', text: 'true', label: 't' } });
  assert.equal(seen.length, 4, 'no events after unsubscribe');
  assert.deepEqual(seen[0], {
    id,
    node: 'a',
    nodeName: 'db1',
    kind: 'probe',
    label: 'host',
    command: 'hostname',
    startedAt: '1970-01-01T00:00:00.000Z',
  });
  assert.equal(seen[1]?.exitCode, 0);
  assert.equal(seen[1]?.durationMs, 12);
  assert.equal(seen[3]?.error, 'timed out after 5000 ms');
  assert.equal(seen[0]?.durationMs, undefined, 'the start event is not changed afterwards');
  assert.equal(log.entries().length, 3);
});

test('the log is bounded: only the newest entries are kept', () => {
  const log = new CommandLog(5);
  const ids = Array.from({ length: 12 }, (_, i) =>
    log.start({ node: 'a', nodeName: 'n', cmd: { kind: 'probe', text: `echo ${i}`, label: 'e' } }),
  );
  assert.deepEqual(
    log.entries().map((e) => e.command),
    ['echo 7', 'echo 8', 'echo 9', 'echo 10', 'echo 11'],
  );
  log.finish(ids[0]!, { durationMs: 1, exitCode: 0 }); // rotated out: ignored
  assert.equal(log.entries().length, 5);
});

test('a script on stdin is summarised by its first line and its length', () => {
  assert.equal(
    summariseCommand({ kind: 'probe', text: 'bash -s', label: 'probe round', stdin: '#!/bin/bash\necho a\necho b\n' }),
    'bash -s < #!/bin/bash (script, 3 lines)',
  );
  assert.equal(summariseCommand({ kind: 'probe', text: 'cat', label: 'x', stdin: 'one' }), 'cat < one (script, 1 line)');
});

test('a listener that throws does not break logging', () => {
  const log = new CommandLog();
  log.subscribe(() => {
    throw new Error('bad screen');
  });
  const id = log.start({ node: 'a', nodeName: 'n', cmd: { kind: 'probe', text: 'x', label: 'x' } });
  log.finish(id, { durationMs: 1, exitCode: 0 });
  assert.equal(log.entries()[0]?.exitCode, 0);
});
