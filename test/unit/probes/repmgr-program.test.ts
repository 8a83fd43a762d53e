// Where the repmgr section finds repmgr: PGDG/RHEL and Debian packages put it beside PostgreSQL's
// own programs, which are often not on PATH (the rhel lab profile: /usr/pgsql-15/bin). The section
// runs here in a local bash with stub programs that print their arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ClusterSchema } from '../../../src/config/schema.js';
import { buildProbeScript } from '../../../src/probes/script.js';
import { findRepmgrLines, REPMGR_DIR_GLOBS } from '../../../src/probes/components/repmgr.js';
import { HELPERS } from '../../../src/probes/section-commands.js';
import { shellQuote } from '../../../src/transport/quote.js';

const ME = (await execa('id', ['-un'])).stdout;

function stub(dir: string, tag: string): void {
  mkdirSync(dir, { recursive: true });
  const p = path.join(dir, 'repmgr');
  writeFileSync(p, `#!/bin/bash\nprintf '<%s>' ${shellQuote(tag)} "$@"\n`);
  chmodSync(p, 0o755);
}

/** The script's definitions (without its last line, which starts the round), then FN. */
async function runSection(script: string, fn: string, pathDirs: string[]) {
  const defs = script.trimEnd().split('\n').slice(0, -1).join('\n');
  const body = `${defs}\nPATH=${shellQuote(pathDirs.join(':'))}\n${fn}\n`;
  return execa('bash', ['-c', body], { reject: false, env: { PATH: '/usr/bin:/bin' } });
}

test("repmgr not on PATH: the section runs the one in the cluster file's bin_dir, with the same arguments", async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hapilot-repmgr-'));
  try {
    const binDir = path.join(root, "pgsql 15's bin");
    stub(binDir, 'bin_dir');
    const emptyPath = path.join(root, 'empty');
    mkdirSync(emptyPath);
    const def = ClusterSchema.parse({
      name: 'rhel-like',
      nodes: { a: { host: 'a' }, b: { host: 'b' } },
      components: {
        postgres: { version: 15, os_user: ME, bin_dir: binDir },
        repmgr: { config: '/etc/repmgr/15/repmgr.conf' },
      },
    });
    const script = buildProbeScript(def, 'a', 'f00dcafe12345678');
    // Only the stub directory and a directory without repmgr on PATH, plus what sort/tail need.
    const r = await runSection(script, 'hp_s_repmgr', [emptyPath, '/nonexistent-bin', ...(await coreutilsDirs())]);
    assert.equal(r.stdout, '<bin_dir><-f></etc/repmgr/15/repmgr.conf><cluster><show><--compact>', r.stderr);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('repmgr: PATH before the usual directories, and among those the highest PostgreSQL version (15 over 9.6)', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'hapilot-repmgr-'));
  try {
    stub(path.join(root, 'usr/pgsql-9.6/bin'), '9.6');
    stub(path.join(root, 'usr/pgsql-15/bin'), '15');
    stub(path.join(root, 'usr/lib/postgresql/11/bin'), '11');
    stub(path.join(root, 'onpath'), 'path');
    const globs = `${shellQuote(root)}/usr/pgsql-*/bin ${shellQuote(root)}/usr/lib/postgresql/*/bin`;
    const fn = ['f() {', HELPERS, ...findRepmgrLines(null, globs), '"$hp_repmgr" x', '}', 'f'].join('\n');
    const run = (pathDirs: string[]) => execa('bash', ['-c', `PATH=${shellQuote(pathDirs.join(':'))}\n${fn}`], { reject: false });
    const core = await coreutilsDirs();
    assert.equal((await run([path.join(root, 'onpath'), ...core])).stdout, '<path><x>');
    assert.equal((await run(core)).stdout, '<15><x>');
    rmSync(path.join(root, 'usr'), { recursive: true });
    const none = await run(core);
    assert.equal(none.exitCode, 127);
    assert.equal(none.stderr, 'repmgr: command not found');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the section looks in the PGDG/RHEL, Debian, SUSE and source-build directories', () => {
  for (const dir of ['/usr/pgsql-*/bin', '/usr/lib/postgresql/*/bin', '/usr/lib/postgresql[0-9]*/bin', '/usr/local/pgsql/bin']) {
    assert.ok(REPMGR_DIR_GLOBS.split(' ').includes(dir), dir);
  }
});

/** Directories holding sort, tail and id but not repmgr (a test machine may have repmgr in /usr/bin). */
async function coreutilsDirs(): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-core-'));
  for (const prog of ['sort', 'tail', 'id']) {
    const real = (await execa('bash', ['-c', `command -v ${prog}`])).stdout;
    writeFileSync(path.join(dir, prog), `#!/bin/sh\nexec ${shellQuote(real)} "$@"\n`);
    chmodSync(path.join(dir, prog), 0o755);
  }
  return [dir];
}
