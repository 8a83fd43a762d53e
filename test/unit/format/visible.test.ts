// Issue 11, item 3: what a node says reaches the operator's terminal as text, never as terminal
// control. Before, a backup file named with an OSC title sequence retitled the terminal through
// `hapilot status`, and cursor movement in a role file could overwrite the verdict line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { visibleJson, visibleLine, visibleText } from '../../../src/format/visible.js';
import { renderStatusText, noColour } from '../../../src/view/status-text.js';
import { statusDocument } from '../../../src/view/status-json.js';
import { assess } from '../../../src/cluster/assessment.js';
import { known, type ClusterSnapshot } from '../../../src/cluster/facts.js';
import { healthyPair, reachable, labLikeDefinition as def, NOW } from '../../support/facts.js';
import { story } from '../../../src/cli/journal-command.js';
import { terminalOperator } from '../../../src/cli/terminal-operator.js';
import type { StampedEntry } from '../../../src/ops/journal.js';
import type { Engine } from '../../../src/ops/engine.js';
import { printProgress } from '../../../src/cli/run-progress.js';
import { buildProgram, main } from '../../../src/cli/main.js';
import { OperatorError } from '../../../src/operator-error.js';

const OSC_TITLE = '\u001b]0;owned\u0007';
const CURSOR_UP_ERASE = '\u001b[2A\u001b[2K';
const C1_CSI = '\u009b2J';
const BIDI = '\u202e';

// What a terminal would act on: ESC, BEL, CR, C1 controls, bidirectional overrides.
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('item 3: control characters are shown as escapes; a line keeps no newline, a text keeps its lines', () => {
  assert.equal(visibleLine(`a${OSC_TITLE}b`), 'a\\e]0;owned\\x07b');
  assert.equal(visibleLine(`x${CURSOR_UP_ERASE}\ny\rz`), 'x\\e[2A\\e[2K\\ny\\rz');
  assert.equal(visibleLine(`${C1_CSI}${BIDI}`), '\\x9b2J\\u202e');
  assert.equal(visibleText('10%\r20%\r\nok\n\tdone\u001b[31m'), '10%\n20%\nok\n\tdone\\e[31m');
  // JSON stays valid and means the same; C1 and bidi characters written as \u escapes.
  const json = visibleJson(JSON.stringify({ s: `${OSC_TITLE}${C1_CSI}${BIDI}` }));
  assert.doesNotMatch(json, ACTIVE);
  assert.equal(JSON.parse(json).s, `${OSC_TITLE}${C1_CSI}${BIDI}`);
});

function hostileSnapshot(): ClusterSnapshot {
  const p = healthyPair();
  p.a.backups = known({
    dir: '/var/backups/rapidpro',
    latest: { name: `rapidpro-${OSC_TITLE}.sql`, bytes: 12, modifiedAt: new Date(NOW).toISOString(), ageSeconds: 300 },
    count: 1,
  });
  // A role file that moves the cursor up and rewrites the line before, then says all is well.
  p.b.roleFiles = known({ role: `slave${CURSOR_UP_ERASE} HEALTHY`, status: `working\r HEALTHY${C1_CSI}` });
  return { cluster: 'lab', takenAt: new Date(NOW).toISOString(), nodes: { a: reachable(p.a), b: reachable(p.b) } } as ClusterSnapshot;
}

test('item 3: hapilot status shows a backup name with an OSC title and a role file with cursor movement as text', () => {
  const snapshot = hostileSnapshot();
  const assessment = assess({ nodes: snapshot.nodes }, def, NOW);
  const text = renderStatusText(snapshot, assessment, def, { paint: noColour, now: NOW });
  assert.doesNotMatch(text, ACTIVE, 'no control character reaches the terminal');
  assert.match(text, /rapidpro-\\e\]0;owned\\x07\.sql/);
  assert.match(text, /slave\\e\[2A\\e\[2K HEALTHY/);
  // The verdict line is hapilot's own: nothing a node wrote ends up on a line of its own.
  const lines = text.split('\n');
  assert.equal(lines.filter((l) => /^ *HEALTHY *$/.test(l)).length, 0);
  // --json keeps the strings as the node gave them, valid JSON with no raw control character.
  const json = visibleJson(JSON.stringify(statusDocument(snapshot, assessment), null, 2));
  assert.doesNotMatch(json, ACTIVE);
  assert.ok(JSON.parse(json));
});

test('item 3: the journal, a gate and a failure show captured values, commands and output as text', async () => {
  const t = new Date(NOW).toISOString();
  const told = story([
    { t, type: 'var', name: 'x', value: `1${OSC_TITLE}`, stepId: 'read' },
    { t, type: 'step-start', stepId: 'use', attempt: 1, node: 'lab-b', command: `hp_vars_x='${CURSOR_UP_ERASE}'\necho ok` },
    { t, type: 'step-end', stepId: 'use', status: 'failed', node: 'lab-b', exitCode: 1, outputTail: `out${C1_CSI}\r DONE` },
  ] as StampedEntry[]);
  assert.doesNotMatch(told, ACTIVE);
  assert.match(told, /captured x = 1\\e\]0;owned\\x07/);

  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => {
    shown += d.toString();
  });
  const op = terminalOperator(input, output);
  const answer = op.confirm({
    stepId: 'use',
    title: 'Use it',
    nodes: ['lab-b'],
    commands: [{ node: 'lab-b', command: `hp_vars_x='${OSC_TITLE}'\necho "$hp_vars_x"` }],
    destructive: false,
    rollback: false,
  });
  input.write('n\n');
  assert.equal(await answer, false);
  const failure = op.onFailure({ stepId: 'use', title: 'Use it', error: `exit 1 on lab-b: ${CURSOR_UP_ERASE}`, rollbackable: 0 });
  input.write('s\n');
  await failure;
  assert.doesNotMatch(shown, ACTIVE);
  assert.match(shown, /hp_vars_x='\\e\]0;owned\\x07'/);
});

test('item 3: run progress shows a step failure and a node output with escapes as text, a CR starting a line', () => {
  const engine = new EventEmitter();
  const out = new PassThrough();
  let shown = '';
  out.on('data', (d: Buffer) => {
    shown += d.toString();
  });
  const stop = printProgress(engine as unknown as Engine, out, { showOutput: true });
  const step = { id: 'use', title: 'Use it', kind: 'run', nodes: ['lab-b'], commands: [], destructive: false, output: '' };
  engine.emit('change', { phase: 'running', steps: [{ ...step, status: 'running', detail: '' }] });
  engine.emit('output', 'use', 'lab-b', `10%\r20%${OSC_TITLE}\n`);
  engine.emit('change', { phase: 'running', steps: [{ ...step, status: 'failed', detail: `exit 1 on lab-b: ${CURSOR_UP_ERASE}` }] });
  stop();
  assert.doesNotMatch(shown, ACTIVE);
  assert.match(shown, /lab-b: 10%\n.*lab-b: 20%\\e\]0;owned\\x07\n/);
  assert.match(shown, /exit 1 on lab-b: \\e\[2A\\e\[2K/);
});

test("item 3: an operator error quoting a node's words is printed with its escapes shown", async () => {
  const program = buildProgram([
    (p) =>
      p.command('boom').action(() => {
        throw new OperatorError(`lab-b said: ${OSC_TITLE}${CURSOR_UP_ERASE}`);
      }),
  ]);
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    await main(['boom'], program);
  } finally {
    process.stderr.write = write;
  }
  assert.equal(stderr, 'hapilot: lab-b said: \\e]0;owned\\x07\\e[2A\\e[2K\n');
});
