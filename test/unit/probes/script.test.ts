// The probe script: its shape, its quoting of every value from a cluster definition, and that
// bash itself reads each hostile value back as one literal argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ClusterSchema, type ClusterDefinition } from '../../../src/config/schema.js';
import { buildProbeScript, plannedSections } from '../../../src/probes/script.js';
import { shellQuote } from '../../../src/transport/quote.js';
import { pgrepPattern } from '../../../src/probes/section-commands.js';

const NONCE = 'f00dcafe12345678';
const PWNED = path.join(tmpdir(), `hapilot-pwned-${process.pid}`);

// Every field that reaches the script, each trying to break out of its quotes.
const HOSTILE = {
  syncPath: `/var/lib/sync'; rm -rf / #`,
  syncPath2: `/srv/a dir/$(touch ${PWNED})/\`touch ${PWNED}\`\nsecond line`,
  rolePath: `/etc/role"; touch ${PWNED}; echo "`,
  statusPath: `/etc/status'$'\\x27'`,
  passwordFile: `/etc/redis/pw file; touch ${PWNED}`,
  mongoArgv: ['mongo; touch x', '--quiet', `$(touch ${PWNED})`],
  asteriskArgv: ['asterisk', '-rx', `core show channels'; touch ${PWNED}; '`],
  backupDir: `/var/backups/it's here`,
  backupPattern: `*.sql' -o -exec touch ${PWNED} ; -o -name '`,
  weightFile: `/etc/keepalived/w $(touch ${PWNED})`,
  repmgrConfig: `/etc/repmgr.conf; touch ${PWNED}`,
  process: 'php-fpm7.4 [x]*; touch',
};

function hostileDef(): ClusterDefinition {
  return ClusterSchema.parse({
    name: 'hostile',
    nodes: { a: { host: 'a.example' }, b: { host: 'b.example' } },
    vip: { address: '10.0.0.10' },
    components: {
      role_files: { role: HOSTILE.rolePath, status: HOSTILE.statusPath },
      services: [{ name: 'ssh', process: HOSTILE.process }],
      postgres: { version: 15, port: 5433, os_user: 'postgres', database: 'app-db' },
      repmgr: { config: HOSTILE.repmgrConfig },
      redis: { port: 6380, password_file: HOSTILE.passwordFile },
      mongodb: { command: HOSTILE.mongoArgv },
      sync: { paths: [HOSTILE.syncPath, HOSTILE.syncPath2] },
      keepalived: { release_file: HOSTILE.weightFile },
      backups: { dir: HOSTILE.backupDir, pattern: HOSTILE.backupPattern },
      asterisk: { command: HOSTILE.asteriskArgv },
    },
    probe: { section_timeout: 2.5 },
  });
}

/** The script's definitions without the last line that starts the round. */
function definitionsOnly(script: string): string {
  const lines = script.trimEnd().split('\n');
  assert.equal(lines.at(-1), 'hp_main </dev/null');
  return lines.slice(0, -1).join('\n');
}

test('the script starts with export LC_ALL=C, names its sections, and only starts the round on its last line', () => {
  const def = hostileDef();
  const script = buildProbeScript(def, 'a', NONCE);
  assert.match(script, /^export LC_ALL=C {2}# hapilot probe round \(read-only\) for node a: host lock role_files services postgres/);
  assert.equal(script.trimEnd().split('\n').at(-1), 'hp_main </dev/null');
  assert.deepEqual(plannedSections(def), [
    'host',
    'lock',
    'role_files',
    'services',
    'postgres',
    'repmgr',
    'redis',
    'mongodb',
    'sync.0',
    'sync.1',
    'vip',
    'keepalived',
    'backups',
    'asterisk',
  ]);
  assert.match(script, /^HP_TIMEOUT=2\.5$/m);
  assert.match(script, /timeout -k 1 "\$HP_TIMEOUT" bash -c/);
  assert.match(script, /mktemp -d/);
  assert.match(script, /trap 'rm -rf -- "\$hp_dir"' EXIT/);
});

test('the nonce appears once, in the main shell only: no section can read it', () => {
  const script = buildProbeScript(hostileDef(), 'a', NONCE);
  assert.equal(script.split(NONCE).length - 1, 1);
  assert.match(script, new RegExp(`^HP_NONCE=${NONCE}$`, 'm'));
  assert.throws(() => buildProbeScript(hostileDef(), 'a', "x'; rm -rf /"), /nonce/);
});

test('a definition with only the host gets only the host section', () => {
  const def = ClusterSchema.parse({ name: 'min', nodes: { a: { host: 'a' }, b: { host: 'b' } } });
  assert.deepEqual(plannedSections(def), ['host', 'lock']);
  assert.doesNotMatch(buildProbeScript(def, 'b', NONCE), /psql|redis-cli|mongosh/);
});

test('hostile values from the cluster definition appear only quoted, and bash -n accepts the script', async () => {
  const script = buildProbeScript(hostileDef(), 'a', NONCE);
  for (const v of [
    HOSTILE.syncPath,
    HOSTILE.rolePath,
    HOSTILE.passwordFile,
    HOSTILE.backupDir,
    HOSTILE.backupPattern,
    HOSTILE.weightFile,
    HOSTILE.repmgrConfig,
  ]) {
    assert.ok(script.includes(shellQuote(v)), `quoted: ${v}`);
  }
  // The raw `'; rm -rf / #` never appears outside its quotes (inside them its ' is written '\'').
  assert.ok(!script.includes(`sync'; rm -rf / #`));
  assert.ok(script.includes(`'/var/lib/sync'\\''; rm -rf / #'`));
  const r = await execa('bash', ['-n'], { input: script, reject: false });
  assert.equal(r.exitCode, 0, r.stderr);
});

test('bash reads every hostile value back as one literal argument (sections run with their commands stubbed)', async () => {
  const def = hostileDef();
  const script = buildProbeScript(def, 'a', NONCE);
  const bin = mkdtempSync(path.join(tmpdir(), 'hapilot-stub-'));
  try {
    // Stubs for the programs the sections call: each prints its arguments, one per line, NUL-free.
    const stub = '#!/bin/bash\nprintf "<%s>" "$(basename "$0")" "$@"; printf "\\n"\n';
    for (const name of ['du', 'psql', 'repmgr', 'redis-cli', 'mongo; touch x', 'asterisk', 'find', 'pgrep', 'runuser', 'env']) {
      const p = path.join(bin, name);
      writeFileSync(p, stub);
      chmodSync(p, 0o755);
    }
    const run = async (fn: string, pre = '') => {
      const body = `${definitionsOnly(script)}\n${pre}\nPATH=${shellQuote(bin)}:/usr/bin:/bin\n${fn}\n`;
      const r = await execa('bash', ['-c', body], { reject: false, env: { PATH: '/usr/bin:/bin' } });
      return r.stdout;
    };
    // hp_du and hp_file get the path as $1 exactly.
    assert.equal(await run('hp_s_sync_0', 'hp_du() { printf "[%s]" "$@"; }'), `[${HOSTILE.syncPath}]`);
    assert.equal(await run('hp_s_sync_1', 'hp_du() { printf "[%s]" "$@"; }'), `[${HOSTILE.syncPath2}]`);
    assert.equal(
      await run('hp_s_role_files', 'hp_file() { printf "[%s]" "$@"; }'),
      `[role][${HOSTILE.rolePath}][status][${HOSTILE.statusPath}]`,
    );
    assert.equal(
      await run('hp_s_mongodb', 'hp_need() { :; }'),
      `<mongo; touch x><--quiet><$(touch ${PWNED})><--eval><JSON.stringify(rs.status())>`,
    );
    assert.equal(await run('hp_s_asterisk', 'hp_need() { :; }'), `<asterisk><-rx><${HOSTILE.asteriskArgv[2]}>`);
    assert.equal(
      await run('hp_s_repmgr', 'hp_need() { :; }; hp_as() { shift; "$@"; }; cd() { :; }'),
      `<repmgr><-f><${HOSTILE.repmgrConfig}><cluster><show><--compact>`,
    );
    assert.equal(await run('hp_s_services', 'hp_need() { :; }'), `svc 0 pgrep <pgrep><-c><-x><--><${pgrepPattern(HOSTILE.process)}>`);
    // The Redis password is read from the file on the node and passed in the environment only.
    assert.equal(
      await run(
        'hp_s_redis',
        `hp_need() { :; }; cat() { printf 's3cret %s' "$*"; }; redis-cli() { printf '<auth=%s>' "$REDISCLI_AUTH"; printf '<%s>' "$@"; }`,
      ),
      `<auth=s3cret -- ${HOSTILE.passwordFile}><-p><6380><info><replication>`,
    );
    const pg = await run('hp_s_postgres', 'hp_need() { :; }; hp_as() { printf "<as %s>" "$1"; shift; "$@"; }; cd() { :; }');
    assert.ok(
      pg.startsWith(
        '<as postgres><env><PGOPTIONS=-c default_transaction_read_only=on><PGCONNECT_TIMEOUT=3><psql><-XAtq><-v><ON_ERROR_STOP=1><-p><5433><-d><app-db><-c><WITH pos AS (',
      ),
      pg,
    );
    // The backup pattern is one argument of find's -name, not find syntax.
    // ("[ ! ..." is made false so the missing directory does not stop the section before find.)
    const backups = await run(
      'hp_s_backups',
      `[() { if [[ $1 == '!' ]]; then return 1; fi; builtin [ "$@"; }; find() { printf '<%s>' "$@"; printf '\\0'; }`,
    );
    assert.ok(
      backups.includes(`latest <${HOSTILE.backupDir}><-maxdepth><1><-type><f><-name><${HOSTILE.backupPattern}><-printf><%T@ %s %f\\0>`),
      backups,
    );
    assert.equal(existsSync(PWNED), false, 'no injected command ran');
  } finally {
    rmSync(bin, { recursive: true, force: true });
    rmSync(PWNED, { force: true });
  }
});

test("pgrep gets the process name as a literal regex cut to the kernel's 15 characters", () => {
  assert.equal(pgrepPattern('php-fpm7.4'), 'php-fpm7\\.4');
  assert.equal(pgrepPattern('a-very-long-process-name'), 'a-very-long-pro');
  assert.equal(pgrepPattern('x[a]*'), 'x\\[a\\]\\*');
});

test('the whole script runs here too, read-only: the hostile sync path is reported missing, nothing injected runs', async () => {
  const def = ClusterSchema.parse({
    name: 'local',
    nodes: { a: { host: 'a' }, b: { host: 'b' } },
    components: { sync: { paths: [`/nonexistent/x'; touch ${PWNED} #`, `/nonexistent/$(touch ${PWNED})`] } },
  });
  const r = await execa('bash', ['-s'], { input: buildProbeScript(def, 'a', NONCE), reject: false });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`@@hapilot:${NONCE}:begin:sync\\.0@@\\nmissing\\n\\n@@hapilot:${NONCE}:stderr:sync\\.0@@`));
  assert.match(r.stdout, new RegExp(`@@hapilot:${NONCE}:begin:sync\\.1@@\\nmissing\\n`));
  assert.equal(existsSync(PWNED), false);
});
