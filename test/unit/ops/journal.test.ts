// Issue 11 item 4: the journal after a crash. A line torn by kill -9, a short write, a line damaged
// since: appends stay whole, damaged lines are skipped with a note, and `journal`, `--resume` and
// `run --dry-run` go on working instead of dying with a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { JournalError, JournalWriter, listRuns, readJournal, runFile, type JournalEntry } from '../../../src/ops/journal.js';
import { story } from '../../../src/cli/journal-command.js';
import { hapilot, tempJournalDir } from '../../support/hapilot.js';

const start: JournalEntry = {
  type: 'run-start',
  runId: '20261122T030000Z-switchover-abcd',
  cluster: 'lab',
  clusterFile: '/x/lab.yaml',
  procedure: 'switchover',
  title: 'Switchover',
  definitionHash: 'f'.repeat(64),
  operator: { user: 'tester', host: 'jump1', pid: 1 },
  mode: 'scripted',
  confirmations: [],
  roles: { primary: 'lab-a', standby: 'lab-b', basis: 'test', primaryId: 'a', standbyId: 'b' },
  plan: [],
};

function journalWith(lines: (dir: string, file: string) => void): { dir: string; file: string } {
  const dir = tempJournalDir();
  const file = runFile(dir, 'lab', '20261122T030000Z-switchover-abcd');
  const w = new JournalWriter(file);
  w.append(start);
  w.append({ type: 'step-start', stepId: 'ready', attempt: 1 });
  w.close();
  lines(dir, file);
  return { dir, file };
}

test('a line torn by a kill is ended before the next append: both the old entries and the new one read back', () => {
  const { file } = journalWith((_, f) => appendFileSync(f, '{"t":"2026-11-22T03:00:01Z","type":"step-e'));
  const w = new JournalWriter(file);
  w.append({ type: 'decision', question: 'resume this run', answer: 'yes', by: 'script' });
  w.close();
  const { entries, damaged } = readJournal(file);
  assert.deepEqual(
    entries.map((e) => e.type),
    ['run-start', 'step-start', 'decision'],
  );
  assert.deepEqual(
    damaged.map((d) => d.line),
    [3],
  );
});

test('a short write goes on until the whole entry is written; a write that writes nothing is an error', () => {
  const dir = tempJournalDir();
  const file = path.join(dir, 'x.jsonl');
  const w = new JournalWriter(file, (fd, b, o, l) => writeSync(fd, b, o, Math.min(l, 7)));
  w.append(start);
  w.append({ type: 'step-start', stepId: 'ready', attempt: 1 });
  w.close();
  assert.deepEqual(
    readJournal(file).entries.map((e) => e.type),
    ['run-start', 'step-start'],
  );
  const full = new JournalWriter(path.join(dir, 'full.jsonl'), () => 0);
  assert.throws(() => full.append(start), JournalError);
});

test('damaged lines anywhere are skipped with a note; the run is still listed and told', () => {
  const { dir, file } = journalWith((_, f) => appendFileSync(f, 'garbage\x1b]0;title\x07\nnull\n5\n'));
  appendFileSync(file, `${JSON.stringify({ t: '2026-11-22T03:00:02Z', type: 'step-end', stepId: 'ready', status: 'done' })}\n`);
  const { entries, damaged } = readJournal(file);
  assert.equal(entries.length, 3);
  assert.deepEqual(
    damaged.map((d) => d.line),
    [3, 4, 5],
  );
  const [run] = listRuns(dir);
  assert.equal(run?.outcome, 'unfinished');
  const text = story(entries, damaged);
  assert.match(text, /note: journal line 3 is damaged and was skipped: "garbage\\u001b\]0;title\\u0007"/);
  mkdirSync(path.join(dir, 'lab', 'folder.jsonl'));
  assert.equal(listRuns(dir).length, 1, 'an unreadable journal is not a run, nor an error');
});

test('`hapilot journal` and `run --dry-run` still work with a damaged journal: a note, never a stack trace', async () => {
  const { dir } = journalWith((_, f) => appendFileSync(f, 'garbage\n{"t":"x","type":"step-e\n'));
  const list = await hapilot(['journal'], { journalDir: dir });
  assert.equal(list.exitCode, 0, list.stderr);
  assert.match(list.stdout, /switchover +unfinished/);
  const show = await hapilot(['journal', '20261122T030000Z'], { journalDir: dir });
  assert.equal(show.exitCode, 0, show.stderr);
  assert.match(show.stdout, /note: journal line 3 is damaged and was skipped/);
  // A cluster whose nodes refuse at once: the dry run gets past the journal to the nodes.
  const cluster = path.join(dir, 'lab.yaml');
  writeFileSync(
    cluster,
    'name: lab\nnodes: { a: { host: 127.0.0.1, port: 1, name: lab-a }, b: { host: 127.0.0.1, port: 2, name: lab-b } }\ncomponents: { postgres: { version: 15 } }\n',
    { mode: 0o600 },
  );
  const dry = await hapilot(['run', 'switchover', '--dry-run', '-c', cluster], { journalDir: dir, timeoutMs: 60_000 });
  assert.doesNotMatch(dry.stderr, /at .*\.[jt]s:\d+|not JSON/, dry.stderr);
  assert.ok(readFileSync(path.join(dir, 'lab', '20261122T030000Z-switchover-abcd.jsonl'), 'utf8').includes('garbage'), 'nothing rewritten');
});
