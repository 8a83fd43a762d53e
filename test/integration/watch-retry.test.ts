// Issue 11, item 6, on the lab: a wallboard whose connections are refused for a passing cause
// (here both host keys unknown until someone adds them to known_hosts) recovers by itself. Before,
// watch stayed UNREACHABLE for good.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, REPO, requireLab } from '../support/lab.js';
import { CLI } from '../support/hapilot.js';

before(() => requireLab());

test('item 6: watch retries refused connections and shows HEALTHY once the host keys are known', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-watch-retry-'));
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, '');
  const sshConfig = path.join(dir, 'ssh_config');
  writeFileSync(sshConfig, readFileSync(LAB.sshConfig, 'utf8').replace(/UserKnownHostsFile \S+/, `UserKnownHostsFile ${knownHosts}`));
  const clusterFile = path.join(dir, 'cluster.yaml');
  writeFileSync(clusterFile, readFileSync(LAB.clusterFile, 'utf8').replace(/config: \S+/, `config: ${sshConfig}`));
  const p = execa(process.execPath, ['--import', 'tsx', CLI, 'watch', '--cluster', clusterFile, '--interval', '1'], {
    cwd: REPO,
    env: { ...process.env, HAPILOT_CONFIG_DIR: dir },
    stdin: 'ignore',
    reject: false,
  });
  let out = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  const until = async (re: RegExp, ms: number) => {
    const deadline = Date.now() + ms;
    while (!re.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.match(out, re);
  };
  try {
    await until(/ lab UNREACHABLE/, 30_000);
    assert.match(out, /unknown|not known|REFUSED|refused/i);
    // Someone adds the keys: the next retry (5 s after the refusal) connects.
    copyFileSync(LAB.knownHosts, knownHosts);
    await until(/ lab HEALTHY/, 40_000);
  } finally {
    p.kill('SIGTERM');
    await p;
  }
});
