// What `hapilot journal` does, loaded only when it runs (src/cli/journal.ts declares it).
import { journalDir, listRuns, readJournal, type DamagedLine, type StampedEntry } from '../ops/journal.js';
import { formatClock } from '../format/units.js';
import { visibleJson, visibleLine } from '../format/visible.js';
import { UsageError } from './errors.js';

export function journalAction(runId: string | undefined, opts: { clusterName?: string; json?: boolean }): void {
  const runs = listRuns(journalDir(), opts.clusterName);
  if (!runId) {
    if (!runs.length) {
      process.stdout.write(`no runs in ${journalDir()}\n`);
      return;
    }
    const rows = runs.map((r) => [
      r.runId,
      r.cluster,
      r.procedure,
      r.outcome,
      `${r.steps.done}/${r.steps.total}`,
      r.operator,
      r.startedAt.replace('T', ' ').slice(0, 19),
    ]);
    printTable(['RUN', 'CLUSTER', 'PROCEDURE', 'OUTCOME', 'STEPS', 'OPERATOR', 'STARTED (UTC)'], rows);
    return;
  }
  const matches = runs.filter((r) => r.runId.startsWith(runId));
  if (matches.length !== 1)
    throw new UsageError(
      matches.length ? `${runId} matches ${matches.length} runs; give more of the id` : `no run ${runId} in ${journalDir()}`,
    );
  const { entries, damaged } = readJournal(matches[0]!.file);
  if (opts.json) process.stdout.write(`${entries.map((e) => visibleJson(JSON.stringify(e))).join('\n')}\n`);
  else process.stdout.write(story(entries, damaged));
  if (opts.json && damaged.length) process.stderr.write(damagedNote(damaged));
}

function printTable(head: string[], rows: string[][]): void {
  rows = rows.map((r) => r.map(visibleLine));
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  process.stdout.write(`${[line(head), ...rows.map(line)].join('\n')}\n`);
}

/** One run as an operator reads it the morning after. */
export function story(entries: StampedEntry[], damaged: DamagedLine[] = []): string {
  const out: string[] = [];
  const at = (e: StampedEntry) => formatClock(Date.parse(e.t));
  for (const e of entries) {
    switch (e.type) {
      case 'run-start':
        out.push(`${e.title} (${e.procedure}) on cluster ${e.cluster}, run ${e.runId}`);
        out.push(`  by ${e.operator.user}@${e.operator.host} (pid ${e.operator.pid}), ${e.mode}, started ${e.t}`);
        out.push(`  primary ${e.roles.primary}, standby ${e.roles.standby} (${e.roles.basis})`);
        out.push(`  definition sha256 ${e.definitionHash}, cluster file ${e.clusterFile}`);
        out.push('');
        break;
      case 'preflight':
        out.push(`${at(e)} preflight ${e.ok ? 'passed' : 'FAILED'}`);
        for (const r of e.results) out.push(`           ${r.ok ? '✓' : '✗'} ${r.label}: ${r.detail}`);
        break;
      case 'lock':
        out.push(`${at(e)} lock ${e.action} on ${e.nodes.join(', ')}: ${e.detail}`);
        break;
      case 'automation':
        out.push(`${at(e)} automation ${e.name} ${e.action} on ${e.node}${e.detail ? `: ${e.detail.trim()}` : ''}`);
        break;
      case 'decision':
        out.push(`${at(e)} ${e.by === 'script' ? 'script' : 'operator'} answered "${e.answer}" to: ${e.question}`);
        break;
      case 'step-start':
        out.push(
          `${at(e)} ${e.rollback ? 'ROLLBACK ' : ''}start ${e.stepId}${e.node ? ` on ${e.node}` : ''}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`,
        );
        if (e.command) for (const l of e.command.split('\n')) out.push(`           $ ${l}`);
        break;
      case 'step-end': {
        const how = e.exitCode !== undefined ? `exit ${e.exitCode}` : '';
        const dur = e.durationMs !== undefined ? `${(e.durationMs / 1000).toFixed(1)} s` : '';
        const bits = [how, dur, e.error, e.detail].filter(Boolean).join(', ');
        out.push(
          `${at(e)} ${e.rollback ? 'ROLLBACK ' : ''}${e.status.toUpperCase()} ${e.stepId}${e.node ? ` on ${e.node}` : ''}${bits ? ` (${bits})` : ''}`,
        );
        if (e.outputTail?.trim()) for (const l of e.outputTail.trim().split('\n').slice(-8)) out.push(`           | ${l}`);
        break;
      }
      case 'var':
        out.push(`${at(e)} ${e.stepId} captured ${e.name} = ${e.value}`);
        break;
      case 'observed':
        out.push(
          `${at(e)} the cluster as the run left it: ${Object.entries(e.facts)
            .map(([k, v]) => `${k} ${v}`)
            .join('; ')}`,
        );
        break;
      case 'run-end':
        out.push('');
        out.push(`${at(e)} ${e.outcome.toUpperCase()}${e.rolledBack ? ' (rolled back)' : ''}: ${e.message}`);
        break;
    }
  }
  if (entries.at(-1)?.type !== 'run-end') {
    out.push('');
    out.push('UNFINISHED: hapilot stopped during this run (it can be resumed: hapilot run PROCEDURE --resume RUN)');
  }
  // Each entry is one line: what nodes said in it (output, captured values, errors) is shown, never obeyed.
  return `${out.map(visibleLine).join('\n')}\n${damaged.length ? `\n${damagedNote(damaged)}` : ''}`;
}

/** Lines that are not entries (torn by a crash, damaged since), said rather than thrown. */
function damagedNote(damaged: DamagedLine[]): string {
  return `${damaged.map((d) => `note: journal line ${d.line} is damaged and was skipped: ${visibleLine(JSON.stringify(d.text))}`).join('\n')}\n`;
}
