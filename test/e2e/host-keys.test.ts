// Host keys in the console, on the real lab: an unknown key is put to the operator with its
// SHA256 fingerprint (the node's real one), refused by default, accepted on y and then written to
// known_hosts; a changed key is refused loudly with the transport's message, nothing sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LAB, REPO, inNode } from '../support/lab.js';
import { Terminal } from '../support/tty.js';
import { terminalSuite, HAPILOT, paneOf } from './support.js';

const COLS = 160;
const ROWS = 48;

terminalSuite();

/** The lab's cluster file and ssh_config, with a known_hosts of our own and StrictHostKeyChecking ask. */
function clusterWith(knownHosts: string): { dir: string; cluster: string; knownHosts: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-e2e-keys-'));
  const kh = path.join(dir, 'known_hosts');
  writeFileSync(kh, knownHosts);
  const sshConfig = path.join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    readFileSync(LAB.sshConfig, 'utf8')
      .replace(/UserKnownHostsFile .*/, `UserKnownHostsFile ${kh}`)
      .replace(/StrictHostKeyChecking .*/, 'StrictHostKeyChecking ask'),
  );
  const cluster = path.join(dir, 'cluster.yaml');
  writeFileSync(cluster, readFileSync(LAB.clusterFile, 'utf8').replace(/config: .*ssh_config/, `config: ${sshConfig}`));
  return { dir, cluster, knownHosts: kh };
}

// The lab's subnet depends on its number (HAPILOT_LAB_NET): lab-b's address is the lab's own.
const ASKED_ABOUT_B = new RegExp(`Unknown host key for ${LAB.ip.b.replaceAll('.', '\\.')}`);

test('unknown key: fingerprint shown, No by default, y accepts and records it; changed key: refused loudly', async () => {
  const labKeys = readFileSync(LAB.knownHosts, 'utf8').split('\n');
  // lab-a's entries hold lab-b's keys (the key lab-a presents is then "changed"); lab-b has none (unknown).
  const forA = labKeys.filter((l) => l.startsWith('lab-b,')).map((l) => l.replace(/^lab-b,\S+/, `lab-a,${LAB.ip.a}`));
  const c = clusterWith(`${forA.join('\n')}\n`);
  const realB = (await inNode('b', 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub')).stdout.split(/\s+/)[1]!;
  assert.match(realB, /^SHA256:/);

  const t = await Terminal.open({ columns: COLS, rows: ROWS, cwd: REPO, env: { HAPILOT_CONFIG_DIR: c.dir } });
  try {
    await t.runArgv([...HAPILOT, '--cluster', c.cluster, '--read-only'], '; echo EXIT=$?');
    const asked = await t.waitFor(ASKED_ABOUT_B, 'the question about lab-b', 20_000);
    assert.ok(asked.includes(realB), `the node's real fingerprint ${realB} is shown`);
    const changed = await t.waitFor(/REMOTE HOST IDENTIFICATION HAS CHANGED/, "lab-a's changed key refused", 20_000);
    assert.match(paneOf(changed, 'a', COLS), /REFUSED/);
    assert.match(changed, /nothing was sent to the node/);

    // Enter: the default, No.
    await t.keys('Enter');
    await t.waitFor((s) => /REFUSED: .*did not accept/.test(paneOf(s, 'b', COLS)), 'lab-b refused after No', 10_000);
    assert.equal(readFileSync(c.knownHosts, 'utf8').includes(LAB.ip.b), false, 'nothing written on No');

    // c connects again to refused nodes: asked again; y accepts.
    await t.keys('c');
    await t.waitFor(ASKED_ABOUT_B, 'the question again', 10_000);
    await t.keys('y');
    await t.waitFor(
      (s) => /lab-b {2}(PRIMARY|STANDBY)/.test(s) && /ssh connected/.test(paneOf(s, 'b', COLS)),
      'lab-b connected and probed',
      20_000,
    );
    const written = readFileSync(c.knownHosts, 'utf8');
    assert.ok(written.split('\n').length > forA.length + 1, `the accepted key is in known_hosts:\n${written}`);
    // A is still refused: a changed key is never accepted, not even when asked to reconnect.
    assert.match(paneOf(await t.screen(), 'a', COLS), /REFUSED/);
    await t.keys('q');
    await t.waitFor(/EXIT=0/, 'exit');
  } finally {
    await t.close();
  }
});
