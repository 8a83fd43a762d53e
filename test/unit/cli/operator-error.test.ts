// One operator-facing error class: every mistake the operator can fix is an OperatorError, and
// main() turns it into one line on stderr and the exit code of the command that ran (2, or what
// the command declared); anything else is a bug and is not swallowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { buildProgram, main } from '../../../src/cli/main.js';
import type { HapilotCommand } from '../../../src/cli/hapilot-command.js';
import { OperatorError } from '../../../src/operator-error.js';
import { UsageError } from '../../../src/cli/errors.js';
import { ConfigFileError } from '../../../src/config/yaml-schema.js';
import { ClusterFileError } from '../../../src/config/load-cluster.js';
import { PlanError } from '../../../src/ops/plan.js';
import { ResumeError } from '../../../src/ops/resume.js';
import { TemplateError } from '../../../src/ops/template.js';
import { EXIT } from '../../../src/exit-codes.js';
import { REPO } from '../../support/lab.js';
import { hapilot, tempJournalDir } from '../../support/hapilot.js';

/** main() on a program of one command whose action throws `error`; what it printed and returned. */
async function run(error: Error, declare?: (c: HapilotCommand) => void): Promise<{ code: number | Error; stderr: string }> {
  const program = buildProgram([
    (p) => {
      const c = p.command('boom').action(() => {
        throw error;
      });
      declare?.(c);
    },
  ]);
  let stderr = '';
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(['boom'], program).catch((e: Error) => e), stderr };
  } finally {
    process.stderr.write = write;
  }
}

test('every mistake the operator can fix is an OperatorError', () => {
  for (const e of [
    new UsageError('u'),
    new ConfigFileError('f.yaml', 'definition', []),
    new PlanError('p'),
    new ResumeError('r'),
    new TemplateError('t'),
  ]) {
    assert.ok(e instanceof OperatorError, `${e.name} is an OperatorError`);
    assert.notEqual(e.name, 'OperatorError', 'keeps its own name');
  }
  assert.equal(ClusterFileError, ConfigFileError);
});

test('main: an OperatorError is one line and exit 2; the command may give its own code; another error is not swallowed', async () => {
  assert.deepEqual(await run(new PlanError('cannot tell which node is the primary')), {
    code: EXIT.USAGE,
    stderr: 'hapilot: cannot tell which node is the primary\n',
  });
  assert.deepEqual(await run(new UsageError('no cluster file'), (c) => c.exitOnOperatorError(EXIT.UNKNOWN)), {
    code: EXIT.UNKNOWN,
    stderr: 'hapilot: no cluster file\n',
  });
  const bug = new TypeError('x is undefined');
  assert.deepEqual(await run(bug), { code: bug, stderr: '' });
});

test('a plan that cannot be made, from the real command line: one line, exit 2, no stack trace', async () => {
  const r = await hapilot(['run', 'no-such-procedure', '--dry-run', '-c', path.join(REPO, 'config/rapidpro.yaml')], {
    timeoutMs: 60_000,
    journalDir: tempJournalDir(),
  });
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /^hapilot: no procedure named "no-such-procedure"; there are: .*switchover/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
