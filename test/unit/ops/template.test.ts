import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderCommand, renderScript, templateValues, TemplateError, type TemplateContext } from '../../../src/ops/template.js';
import { parseCluster } from '../../../src/config/load-cluster.js';

const def = parseCluster(
  `name: lab
nodes: { a: { alias: lab-a }, b: { alias: lab-b } }
components:
  postgres: { version: 15, replication_user: repmgr, slots: { a: repmgr_slot_1, b: repmgr_slot_2 } }
  redis: {}
`,
  '/x/lab.yaml',
).def;

function ctx(over: Partial<TemplateContext> = {}): TemplateContext {
  return {
    def,
    nodes: { a: { id: 'a', name: 'lab-a', address: '198.18.0.11' }, b: { id: 'b', name: 'lab-b', address: '198.18.0.12' } },
    roles: { primary: 'a', standby: 'b' },
    runId: 'run-1',
    vars: {},
    ...over,
  };
}

test('roles, nodes and cluster settings resolve; self and peer follow the node a command runs on', () => {
  const v = templateValues(ctx(), 'b');
  assert.equal(v.get('primary.address'), '198.18.0.11');
  assert.equal(v.get('standby.slot'), 'repmgr_slot_2');
  assert.equal(v.get('self.name'), 'lab-b');
  assert.equal(v.get('peer.name'), 'lab-a');
  assert.equal(v.get('postgres.data_dir'), '/var/lib/postgresql/15/main');
  assert.equal(v.get('primary.conninfo_for_peer'), 'host=198.18.0.11 port=5432 user=repmgr application_name=lab-b connect_timeout=5');
});

test('a command list quotes each argument whole', () => {
  assert.equal(
    renderCommand(['pg_ctlcluster', '{{postgres.version}}', '{{postgres.cluster}}', 'stop', '-m', 'fast'], templateValues(ctx(), null)),
    'pg_ctlcluster 15 main stop -m fast',
  );
  assert.equal(renderCommand(['echo', 'node {{primary.name}}'], templateValues(ctx(), null)), "echo 'node lab-a'");
});

test('hostile values stay one word of data in a script, as bash sees it', () => {
  const hostile = ["it's", '; rm -rf / #', '$(touch /tmp/hapilot-pwned)', '`id`', 'a\nb', '*', '-n', ''];
  for (const value of hostile) {
    const script = renderScript('printf "%s|" {{vars.x}}', templateValues(ctx({ vars: { x: value } }), null));
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8' });
    assert.equal(out, `${value}|`, `value ${JSON.stringify(value)} -> script ${script}`);
  }
});

test('an unknown placeholder is an error that names it', () => {
  assert.throws(
    () => renderScript('echo {{vip.address}}', templateValues(ctx(), null)),
    (e: unknown) => e instanceof TemplateError && /unknown value \{\{vip\.address\}\}/.test(e.message),
  );
});

// Issue 11, item 1: a value a node produced is data wherever a script puts it. The reproduction:
// node A's output captured, then `echo "got {{vars.x}}"` on node B ran A's $(...) as root on B.
const HOSTILE = [
  '$(touch PWNED)',
  "'; touch PWNED; '",
  '"; touch PWNED; "',
  '`touch PWNED`',
  'it\'s "quoted" \\ back\\slash',
  'a\nb $HOME',
  '*',
  '-n',
  '',
];

function runIn(shell: string, script: string, dir: string): string {
  return execFileSync(shell, ['-c', script], { encoding: 'utf8', cwd: dir });
}

test('item 1: a captured value in double quotes, single quotes, unquoted or in a heredoc prints as itself in bash and dash, never runs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-template-'));
  try {
    const shapes: [string, (v: string) => string][] = [
      ['echo "got {{vars.x}}"', (v) => `got ${v}\n`],
      ["echo 'got {{vars.x}}'", (v) => `got ${v}\n`],
      ['printf "%s|" {{vars.x}}', (v) => `${v}|`],
      ['x=pre{{vars.x}}post; printf "%s" "$x"', (v) => `pre${v}post`],
      ['cat <<EOF\n[{{vars.x}}]\nEOF', (v) => `[${v}]\n`],
      ['printf "%s\\n" "$(printf "%s" {{vars.x}})"', (v) => `${v}\n`],
      ['# {{vars.x}} in a comment\necho ok', () => 'ok\n'],
    ];
    for (const shell of ['bash', 'dash']) {
      for (const [script, expected] of shapes) {
        for (const value of HOSTILE) {
          // `echo` in dash reads backslashes: compare with printf-only shapes there.
          if (shell === 'dash' && script.startsWith('echo') && value.includes('\\')) continue;
          const rendered = renderScript(script, templateValues(ctx({ vars: { x: value } }), 'b'));
          const out = runIn(shell, rendered, dir);
          assert.equal(out, expected(value), `${shell}: ${JSON.stringify(script)} with ${JSON.stringify(value)}\n${rendered}`);
          assert.equal(existsSync(path.join(dir, 'PWNED')), false, `${shell} ran the value: ${rendered}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 1: the rendered script assigns each value once, single-quoted, then uses its variable', () => {
  const rendered = renderScript(
    'echo "got {{vars.x}}" {{vars.x}}\nprintf "%s" {{postgres.data_dir}}',
    templateValues(ctx({ vars: { x: "it's" } }), 'b'),
  );
  assert.equal(
    rendered,
    [
      `hp_vars_x='it'\\''s'`,
      `hp_postgres_data_dir='/var/lib/postgresql/15/main'`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${hp_...}, not a JavaScript template
      'echo "got ${hp_vars_x}" "${hp_vars_x}"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${hp_...}, not a JavaScript template
      'printf "%s" "${hp_postgres_data_dir}"',
    ].join('\n'),
  );
});

test('item 1: a placeholder where a value would be read as code is refused, naming its line', () => {
  const values = templateValues(ctx({ vars: { x: '1' } }), 'b');
  const cases: [string, RegExp][] = [
    ["psql <<'SQL'\nselect 1;\nselect '{{vars.x}}';\nSQL", /line 3 .*quoted here-document/],
    ['echo `echo {{vars.x}}`', /line 1 .*backticks/],
    ['echo $(( {{vars.x}} + 1 ))', /line 1 .*as arithmetic/],
    // bash runs a[$(cmd)] wherever it evaluates arithmetic, a quoted variable's value included.
    ['(( {{vars.x}} > 1 )) && echo big', /line 1 .*as arithmetic/],
    ['if [[ {{vars.x}} -eq 1 ]]; then echo one; fi', /line 1 .*as arithmetic/],
    ['let "y = {{vars.x}} + 1"', /line 1 .*as arithmetic/],
    ['a[{{vars.x}}]=1', /line 1 .*as arithmetic/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a JavaScript template
    ['echo "${a[{{vars.x}}]}"', /line 1 .*as arithmetic/],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a JavaScript template
    ['s=hello; echo "${s:{{vars.x}}}"', /line 1 .*as arithmetic/],
    ['echo $[ {{vars.x}} + 1 ]', /line 1 .*as arithmetic/],
    ['sh -c "echo {{vars.x}}"', /line 1 .*-c or eval/],
    ["su postgres -c 'psql -c {{vars.x}}'", /line 1 .*-c or eval/],
    ['eval echo {{vars.x}}', /line 1 .*-c or eval/],
    ['true\nif true; then eval "{{vars.x}}"; fi', /line 2 .*-c or eval/],
  ];
  for (const [script, reason] of cases) {
    assert.throws(
      () => renderScript(script, values),
      (e: unknown) => e instanceof TemplateError && reason.test(e.message),
      script,
    );
  }
  // An unquoted heredoc expands: a value there is data, and stays allowed; so do a text
  // comparison in [[ ]], a default in ${x:-...} and a [ ] test (bash's test does no arithmetic).
  for (const script of [
    'cat <<SQL\n{{vars.x}}\nSQL',
    '[[ {{vars.x}} == a ]] && echo a',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a JavaScript template
    'echo "${UNSET:-{{vars.x}}}"',
    '[ {{vars.x}} -eq 1 ] && echo one',
    'if [[ -n x ]]; then echo; fi; echo {{vars.x}}',
  ])
    assert.doesNotThrow(() => renderScript(script, values), script);
});

test('item 1: a value holding a NUL byte is refused by name, not a TypeError', () => {
  assert.throws(
    () => renderScript('echo {{vars.x}}', templateValues(ctx({ vars: { x: 'a\0b' } }), null)),
    (e: unknown) => e instanceof TemplateError && /\{\{vars\.x\}\} holds a NUL byte/.test(e.message),
  );
});

test("a node's site values: found values win over the file's defaults, shell code goes in a script as it is, never in a command list", () => {
  const site = {
    values: { 'postgres.data_dir': '/var/lib/pgsql/15/data' },
    code: { 'pg.stop': "runuser -u postgres -- /usr/pgsql-15/bin/pg_ctl stop -D '/srv/my data' -m fast" },
    refused: { 'vip_move.command': 'VIP: the VIP 10.1.2.3 is in no vrrp_instance on lab-a' },
  };
  const c = ctx({
    nodes: {
      a: { id: 'a', name: 'lab-a', address: '198.18.0.11', site },
      b: { id: 'b', name: 'lab-b', address: '198.18.0.12' },
    },
  });
  // A found value is data like any other (assigned, then used); the code hapilot built goes in as it is.
  assert.equal(
    renderScript('ls {{postgres.data_dir}}', templateValues(c, 'a')),
    `hp_postgres_data_dir='/var/lib/pgsql/15/data'\nls "\${hp_postgres_data_dir}"`,
  );
  assert.equal(
    renderScript('ls {{postgres.data_dir}}', templateValues(c, 'b')),
    `hp_postgres_data_dir='/var/lib/postgresql/15/main'\nls "\${hp_postgres_data_dir}"`,
  );
  assert.throws(
    () => renderScript('echo "{{pg.stop}}"', templateValues(c, 'a')),
    /\{\{pg\.stop\}\} on line 1 of the script is shell code: put it where a command goes, outside quotes/,
  );
  assert.equal(
    renderScript('set -eu\n{{pg.stop}}', templateValues(c, 'a')),
    "set -eu\nrunuser -u postgres -- /usr/pgsql-15/bin/pg_ctl stop -D '/srv/my data' -m fast",
  );
  assert.throws(
    () => renderCommand(['sh', '-c', '{{pg.stop}}'], templateValues(c, 'a')),
    (e: unknown) => e instanceof TemplateError && /\{\{pg\.stop\}\} is a shell script: use it in a step's script/.test(e.message),
  );
  assert.throws(
    () => renderScript('{{vip_move.command}}', templateValues(c, 'a')),
    /\{\{vip_move\.command\}\} cannot be decided: VIP: the VIP 10\.1\.2\.3 is in no vrrp_instance on lab-a/,
  );
});
