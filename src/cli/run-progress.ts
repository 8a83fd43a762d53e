// Live progress of a procedure at a plain terminal or in a CI log: one line when a step starts or
// ends, its output indented under it, nothing redrawn (so it reads the same in a log file).
import type { Engine } from '../ops/engine.js';
import type { RunView, StepView } from '../ops/run-view.js';
import { visibleLine } from '../format/visible.js';

const MARK: Record<StepView['status'], string> = { pending: ' ', running: '▶', done: '✓', failed: '✗', skipped: '-', unknown: '?' };

export function printProgress(engine: Engine, out: NodeJS.WritableStream, opts: { showOutput: boolean }): () => void {
  const seen = new Map<string, string>();
  let phase = '';
  const started = new Map<string, number>();
  const onChange = (v: RunView) => {
    if (v.phase !== phase) {
      phase = v.phase;
      if (phase === 'rolling-back') out.write('\n-- rolling back --\n');
    }
    v.steps.forEach((s, i) => {
      const key = `${s.status}|${s.status === 'running' ? '' : s.detail}`;
      if (seen.get(s.id) === key) return;
      const before = seen.get(s.id);
      seen.set(s.id, key);
      if (before === undefined && (s.status === 'pending' || s.status === 'skipped') && !s.detail) return;
      const n = `[${String(i + 1).padStart(2)}/${v.steps.length}]`;
      if (s.status === 'running') {
        started.set(s.id, Date.now());
        out.write(`${n} ${MARK.running} ${visibleLine(`${s.title}${s.nodes.length ? ` (${s.nodes.join(', ')})` : ''}`)}\n`);
      } else if (s.status !== 'pending' || before !== undefined) {
        const t0 = started.get(s.id);
        const took = t0 && !/ after [\d.]+ s/.test(s.detail) ? ` (${((Date.now() - t0) / 1000).toFixed(1)} s)` : '';
        out.write(
          `${n} ${MARK[s.status]} ${visibleLine(`${s.status === 'skipped' ? `${s.title}: ` : ''}${s.detail || s.status}`)}${took}\n`,
        );
      }
    });
  };
  const onOutput = (_step: string, node: string, chunk: string) => {
    if (!opts.showOutput) return;
    // A node's output, line by line (a lone CR, a progress counter redrawing, starts a line too).
    for (const line of chunk.split(/\r\n|\r|\n/).filter((l) => l.length)) out.write(`        │ ${node}: ${visibleLine(line)}\n`);
  };
  engine.on('change', onChange);
  engine.on('output', onOutput);
  return () => {
    engine.off('change', onChange);
    engine.off('output', onOutput);
  };
}
