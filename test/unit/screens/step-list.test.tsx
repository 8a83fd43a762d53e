// The wizard's step list in a narrow column: every line keeps its mark, its number and its whole
// state word in the same columns; only a long title is cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripVTControlCharacters as stripAnsi } from 'node:util';
import { StepList } from '../../../src/screens/wizard/StepList.js';
import type { StepView } from '../../../src/ops/run-view.js';
import { renderAt, tick } from './support.js';

const step = (n: number, title: string, status: StepView['status']): StepView => ({
  id: `s${n}`,
  title,
  kind: 'run',
  status,
  nodes: ['lab-a'],
  commands: [],
  destructive: false,
  output: '',
  detail: '',
});

test('long and short titles, one- and two-digit numbers: marks, numbers and states stay aligned', async () => {
  const steps = [
    step(1, 'Short', 'done'),
    ...Array.from({ length: 8 }, (_, i) => step(i + 2, 'Filler', 'done')),
    step(10, 'Make Redis on the old primary a replica of the new master', 'pending'),
    step(11, 'Short again', 'running'),
  ];
  const r = renderAt(<StepList steps={steps} selected={0} width={44} height={11} />, { columns: 44 });
  await tick();
  const lines = stripAnsi(r.lastFrame()).split('\n');
  const first = lines.find((l) => l.includes(' 1. Short'))!;
  const long = lines.find((l) => l.includes('10. Make'))!;
  const last = lines.find((l) => l.includes('11. Short again'))!;
  for (const l of [first, long, last]) assert.ok(l.length <= 44, `fits: ${l}`);
  assert.equal(first.indexOf('1.'), long.indexOf('0.'), 'the numbers line up');
  assert.match(long, /…\s+pending$/, 'the title is cut, the state is whole');
  assert.match(first, /done$/);
  assert.equal(first.length, long.length, 'the states end in the same column');
  assert.match(last, /^▶ 11\. Short again\s+running$/);
  r.unmount();
});
