// ProxyJump: lab-b reached through lab-a, each hop's host key checked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { LAB, requireLab } from '../../support/lab.js';
import { TransportError } from '../../../src/transport/types.js';
import { connectionTo, labCommon, labKnownHostsLines, run, scratch, sshConfig } from './helpers.js';

before(requireLab);

test('a host alias for lab-b with ProxyJump lab-a: connects, and the connection to lab-b comes from lab-a', async () => {
  const s = scratch();
  try {
    const cfg = s.file(
      'ssh_config',
      sshConfig(
        [
          { name: 'lab-a', hostname: LAB.ip.a },
          { name: 'lab-b-via-a', hostname: LAB.ip.b, lines: ['ProxyJump lab-a'] },
        ],
        labCommon(LAB.knownHosts),
      ),
    );
    const conn = connectionTo('lab-b-via-a', cfg, {}, 'b');
    try {
      assert.equal(await run(conn, 'hostname'), 'lab-b\n');
      // SSH_CONNECTION: client address, client port, server address, server port.
      const [from, , to] = (await run(conn, 'echo $SSH_CONNECTION')).trim().split(' ');
      assert.equal(from, LAB.ip.a);
      assert.equal(to, LAB.ip.b);
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});

test("the jump host's key is verified too: a wrong key for lab-a refuses the whole path", async () => {
  const s = scratch();
  try {
    const wrong = s.file('wrong_known_hosts', `${labKnownHostsLines('b', { as: LAB.ip.a, type: 'ssh-ed25519' }).join('\n')}\n`);
    const cfg = s.file(
      'ssh_config',
      sshConfig(
        [
          // First match wins: lab-a's own UserKnownHostsFile comes before the common one.
          { name: 'lab-a', hostname: LAB.ip.a, lines: [`UserKnownHostsFile ${wrong}`] },
          { name: 'lab-b-via-a', hostname: LAB.ip.b, lines: ['ProxyJump lab-a'] },
        ],
        labCommon(LAB.knownHosts),
      ),
    );
    const conn = connectionTo('lab-b-via-a', cfg, {}, 'b');
    try {
      const err = await conn.connect().catch((e: unknown) => e);
      assert.ok(err instanceof TransportError && err.code === 'refused', String(err));
      assert.match(err.message, /HAS CHANGED/);
      assert.ok(err.message.includes(`lab-a (${LAB.ip.a})`), err.message);
    } finally {
      await conn.close();
    }
  } finally {
    s.cleanup();
  }
});
