// Issue 11, item 1, tried as an attacker would: scripts made of many shell shapes around a
// captured value, and values built to break out of each. Every combination is either refused when
// rendered, or runs in bash without running anything the value says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCluster } from '../../../src/config/load-cluster.js';
import { renderScript, templateValues, TemplateError } from '../../../src/ops/template.js';

const def = parseCluster(`name: lab\nnodes: { a: { alias: lab-a }, b: { alias: lab-b } }\n`, '/x/lab.yaml').def;

/* biome-ignore-start lint/suspicious/noTemplateCurlyInString: shell syntax, not JavaScript templates */
const SHAPES = [
  'echo {{vars.x}}',
  'echo "a{{vars.x}}b"',
  "echo 'a{{vars.x}}b'",
  'echo "$(echo "{{vars.x}}")"',
  'echo ${U:-{{vars.x}}}',
  'echo "${U:-{{vars.x}}}"',
  'cat <<E\n{{vars.x}}\nE',
  "cat <<'E'\n{{vars.x}}\nE",
  '(( {{vars.x}} )) || true',
  '[[ {{vars.x}} -eq 1 ]] || true',
  '[[ {{vars.x}} == 1 ]] || true',
  '[ {{vars.x}} -eq 1 ] 2>/dev/null || true',
  'declare -a a; a[{{vars.x}}]=1',
  'echo `echo {{vars.x}}`',
  'echo $(( {{vars.x}} ))',
  'let {{vars.x}} || true',
  'eval echo {{vars.x}}',
  'bash -c "echo {{vars.x}}"',
  "sh -c 'echo {{vars.x}}'",
  'x={{vars.x}}; echo "$x"',
  'case {{vars.x}} in *) echo c;; esac',
  'for i in {{vars.x}}; do echo "$i"; done',
  'declare -a a; echo "${a[{{vars.x}}]}"',
  's=hello; echo "${s:{{vars.x}}}"',
  'echo $[{{vars.x}}]',
  'f() { echo "{{vars.x}}"; }; f',
  'echo "{{vars.x}}" | tr a b',
  'printf "%s\\n" "$(cat <<E\n{{vars.x}}\nE\n)"',
  "echo $'a{{vars.x}}'",
  'echo "{{vars.x}}"{{vars.x}}\'{{vars.x}}\'',
  '# {{vars.x}}\necho ok',
  'if true; then echo {{vars.x}}; fi',
];
/* biome-ignore-end lint/suspicious/noTemplateCurlyInString: shell syntax, not JavaScript templates */

const VALUES = [
  '$(touch PWNED)',
  '`touch PWNED`',
  'a[$(touch PWNED)]',
  "'; touch PWNED; '",
  '"; touch PWNED; "',
  '\'"$(touch PWNED)"\'',
  'x\ntouch PWNED',
  '}; touch PWNED; {',
  'E\ntouch PWNED\nE',
  '\\$(touch PWNED)',
];

// A small fixed generator: the same combinations on every run.
function* combinations(): Generator<string> {
  for (const s of SHAPES) yield s;
  let seed = 11;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let k = 0; k < 20; k++) yield [SHAPES[next() % SHAPES.length], SHAPES[next() % SHAPES.length]].join(next() % 2 ? '\n' : '; ');
}

test('item 1: hostile values in every shell shape are refused at render or printed as data, never run', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-fuzz-'));
  let refused = 0;
  let ran = 0;
  try {
    for (const script of combinations()) {
      for (const value of VALUES) {
        const values = templateValues(
          {
            def,
            nodes: { a: { id: 'a', name: 'lab-a', address: '198.18.0.11' }, b: { id: 'b', name: 'lab-b', address: '198.18.0.12' } },
            roles: { primary: 'a', standby: 'b' },
            runId: 'r',
            vars: { x: value },
          },
          'b',
        );
        let rendered: string;
        try {
          rendered = renderScript(script, values);
        } catch (e) {
          assert.ok(e instanceof TemplateError, String(e));
          refused++;
          continue;
        }
        spawnSync('bash', ['-c', rendered], { cwd: dir, timeout: 5000, stdio: 'ignore' });
        ran++;
        assert.equal(existsSync(path.join(dir, 'PWNED')), false, `ran the value ${JSON.stringify(value)} in:\n${rendered}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(refused > 0 && ran > 0, `${refused} refused, ${ran} ran`);
});
