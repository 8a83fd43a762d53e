// ProxyCommand (issue 11, item 5): lab-b reached through `ssh -W %h:%p lab-a` run locally, as ssh
// would; the node at the end of the pipe still proves itself by its host key; a command that
// fails says why; the command ends with the connection.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { LAB, requireLab } from '../../support/lab.js';
import { TransportError } from '../../../src/transport/types.js';
import { connectionTo, labCommon, labKnownHostsLines, refusedConnect, run, scratch, sshConfig } from './helpers.js';

before(requireLab);

/** The local processes whose command line holds `marker`, children of this test. */
async function processesWith(marker: string): Promise<string[]> {
  const r = await execa('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { reject: false });
  return r.stdout.split('\n').filter((l) => l.includes(marker));
}

function viaCommand(s: ReturnType<typeof scratch>, knownHosts: string, proxyCommand: string): string {
  return s.file(
    'ssh_config',
    sshConfig(
      [
        { name: 'lab-a', hostname: LAB.ip.a },
        { name: 'lab-b-by-command', hostname: LAB.ip.b, lines: [`ProxyCommand ${proxyCommand}`] },
      ],
      labCommon(knownHosts),
    ),
  );
}

test('ProxyCommand ssh -W %h:%p lab-a: connects to lab-b through lab-a; the command ends with the connection', async () => {
  const s = scratch();
  try {
    // The ssh_config's own path is in the command (ssh -F), which also marks the process.
    const cfg = viaCommand(s, LAB.knownHosts, `ssh -F ${s.dir}/ssh_config -W %h:%p lab-a`);
    const conn = connectionTo('lab-b-by-command', cfg, {}, 'b');
    try {
      assert.equal(await run(conn, 'hostname'), 'lab-b\n');
      const [from, , to] = (await run(conn, 'echo $SSH_CONNECTION')).trim().split(' ');
      assert.equal(from, LAB.ip.a, 'the connection to lab-b comes from lab-a');
      assert.equal(to, LAB.ip.b);
      assert.equal((await processesWith(`-W ${LAB.ip.b}:22 lab-a`)).length, 1, 'one ssh -W, with %h and %p expanded');
    } finally {
      await conn.close();
    }
    // TERM on close; give it the second before KILL.
    for (let i = 0; i < 20 && (await processesWith(cfg)).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await processesWith(cfg), []);
  } finally {
    s.cleanup();
  }
});

test("through ProxyCommand the node's host key is still checked: a wrong key for lab-b refuses the connection", async () => {
  const s = scratch();
  try {
    // lab-a's key recorded under lab-b's address.
    const wrong = s.file('known_hosts', `${[...labKnownHostsLines('a', { as: LAB.ip.b }), ...labKnownHostsLines('a')].join('\n')}\n`);
    const cfg = viaCommand(s, wrong, `ssh -F ${s.dir}/ssh_config -W %h:%p lab-a`);
    const err = await refusedConnect(connectionTo('lab-b-by-command', cfg, {}, 'b'));
    assert.match(err.message, /HAS CHANGED/);
    assert.ok(err.message.includes(`lab-b-by-command (${LAB.ip.b})`), err.message);
  } finally {
    s.cleanup();
  }
});

test('through ProxyCommand, a known_hosts that cannot be read is still a refusal that names it (not a network error to retry)', async () => {
  const s = scratch();
  try {
    const folder = path.join(s.dir, 'known_hosts.d');
    mkdirSync(folder);
    const cfg = viaCommand(s, folder, `ssh -F ${s.dir}/ssh_config -o UserKnownHostsFile=${LAB.knownHosts} -W %h:%p lab-a`);
    const err = await refusedConnect(connectionTo('lab-b-by-command', cfg, {}, 'b'));
    assert.ok(err.message.includes(`cannot read the known_hosts file ${folder}: it is a folder`), err.message);
  } finally {
    s.cleanup();
  }
});

test('a ProxyCommand that fails: its own last words are in the reason', async () => {
  const s = scratch();
  try {
    const cfg = viaCommand(s, LAB.knownHosts, `sh -c 'echo "bastion.example: no route to host" >&2; exit 3'`);
    const conn = connectionTo('lab-b-by-command', cfg, {}, 'b');
    try {
      const err = await conn.connect().catch((e: unknown) => e);
      assert.ok(err instanceof TransportError, String(err));
      assert.match(err.message, /through ProxyCommand sh -c .*: exit 3: bastion\.example: no route to host/);
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});
