// How a keepalived VIP is moved, for each style of configuration real sites run, and what is refused.
// The priority swap's script is run for real with bash and sed on a copy of a configuration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO } from '../../support/lab.js';
import { parseKeepalivedConfig } from '../../../src/probes/parse/keepalived-conf.js';
import { keepalivedMove, type KeepalivedView } from '../../../src/ops/vip/keepalived.js';
import { VipMoveRefused } from '../../../src/ops/vip/types.js';

const VIP = '198.18.0.10';
const MAIN = '/etc/keepalived/keepalived.conf';

function view(text: string, scriptTexts: Record<string, string> = {}, running = true): KeepalivedView {
  return {
    running,
    config: parseKeepalivedConfig({ main: MAIN, files: new Map([[MAIN, text]]), includes: [], configId: 'x' }),
    scriptTexts,
  };
}

function node(id: 'a' | 'b', k: KeepalivedView) {
  return { id, name: `lab-${id}`, keepalived: k };
}

const labConf = (prio: number) =>
  readFileSync(path.join(REPO, 'lab/files/keepalived.conf'), 'utf8')
    .replace('@PRIORITY@', String(prio))
    .replace('@VIP@', `${VIP}/24`)
    .replace('@ROUTER_ID@', 'x');

const stock = (prio: number, extra = '') => `vrrp_script chk_sshd {
    script "/usr/bin/pgrep -x sshd"
    interval 2
    weight -20
}
vrrp_instance VI_1 {
    state ${prio > 120 ? 'MASTER' : 'BACKUP'}
    interface eth0
    virtual_router_id 51
    priority ${prio}   # the preferred node has the higher one
    advert_int 1${extra}
    track_script {
        chk_sshd
    }
    virtual_ipaddress {
        ${VIP}/24 dev eth0
    }
}
`;

test('the lab style: a weight-0 track file is the release file, found in the configuration, not declared', () => {
  const m = keepalivedMove(VIP, node('a', view(labConf(150))), node('b', view(labConf(100))), 'run1');
  assert.equal(m.method, 'release-file');
  assert.match(
    m.why,
    /tracks \/etc\/keepalived\/hapilot-vip\.release \(vrrp_track_file hapilot_release, weight 0, \/etc\/keepalived\/keepalived\.conf:\d+\)/,
  );
  assert.deepEqual(m.commands, [{ node: 'a', text: "set -eu\nprintf '1\\n' > /etc/keepalived/hapilot-vip.release" }]);
  assert.deepEqual(m.after, [{ node: 'a', text: "set -eu\nprintf '0\\n' > /etc/keepalived/hapilot-vip.release" }]);
});

test('a vrrp_script that reads the PostgreSQL role: nothing to run, the VIP follows the promotion', () => {
  const conf = stock(100).replace('/usr/bin/pgrep -x sshd', '/usr/local/bin/pg-is-primary');
  const script = '#!/bin/sh\n[ "$(runuser -u postgres -- psql -XAtc "select pg_is_in_recovery()")" = f ]\n';
  const m = keepalivedMove(
    VIP,
    node('a', view(conf.replace('priority 100', 'priority 150'))),
    node('b', view(conf, { '/usr/local/bin/pg-is-primary': script })),
    'r',
  );
  assert.equal(m.method, 'follows-role');
  assert.deepEqual(m.commands, []);
  assert.match(m.why, /vrrp_script chk_sshd \(\/usr\/local\/bin\/pg-is-primary, \/etc\/keepalived\/keepalived\.conf:1\)/);
});

test('a script that only checks sshd does not follow the role: static priorities with preempt are swapped', async () => {
  const m = keepalivedMove(VIP, node('a', view(stock(150))), node('b', view(stock(100))), '20261201T070000Z-switchover-ab12');
  assert.equal(m.method, 'swap-priorities');
  assert.match(m.why, /lab-a 150 at \/etc\/keepalived\/keepalived\.conf:10, lab-b 100 at \/etc\/keepalived\/keepalived\.conf:10/);
  assert.deepEqual(
    m.commands.map((c) => c.node),
    ['a', 'b'],
  );

  // Run A's edit for real on a copy: the priority on that line changes, the comment stays, a backup is kept.
  const dir = mkdtempSync(path.join(tmpdir(), 'hapilot-vip-'));
  const file = path.join(dir, 'keepalived.conf');
  writeFileSync(file, stock(150));
  const run = (text: string) =>
    execa('bash', ['-c', `pgrep() { echo 4242; }; kill() { echo "kill $*"; }; ${text.replaceAll(MAIN, file)}`], { reject: false });
  const r = await run(m.commands[0]!.text);
  assert.equal(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /:10: priority 150 -> 100 \(backup .*\.hapilot-20261201T070000Z-switchover-ab12\)\nkill -HUP 4242/);
  assert.equal(readFileSync(file, 'utf8'), stock(100).replace('state BACKUP', 'state MASTER'));
  assert.ok(existsSync(`${file}.hapilot-20261201T070000Z-switchover-ab12`));

  // Run again: the line no longer says 150, so the edit refuses instead of guessing.
  const again = await run(m.commands[0]!.text);
  assert.equal(again.exitCode, 1);
  assert.match(again.stderr, /:10 is now: +priority 100 .*\(expected priority 150\)/);

  // The rollback puts the backup back and reloads.
  const back = await run(m.rollback.find((c) => c.node === 'a')!.text);
  assert.equal(back.exitCode, 0, back.stderr);
  assert.equal(readFileSync(file, 'utf8'), stock(150));
});

test('nopreempt and nothing to track: keepalived restarts on the holder, and the plan says why', () => {
  const np = (p: number) => stock(p, '\n    nopreempt').replace('state MASTER', 'state BACKUP');
  const m = keepalivedMove(VIP, node('a', view(np(150))), node('b', view(np(100))), 'r');
  assert.equal(m.method, 'restart-holder');
  assert.match(m.commands[0]!.text, /service keepalived restart/);
  assert.match(m.why, /nopreempt/);
});

test('refused before any change: VIP in no instance or in two, equal priorities, unreadable files, keepalived down', () => {
  const refused = (f: () => unknown, re: RegExp) => assert.throws(f, (e: unknown) => e instanceof VipMoveRefused && re.test(e.message));
  refused(
    () => keepalivedMove('10.9.9.9', node('a', view(stock(150))), node('b', view(stock(100))), 'r'),
    /the VIP 10\.9\.9\.9 is in no vrrp_instance on lab-a \(read \/etc\/keepalived\/keepalived\.conf\)/,
  );
  const two =
    stock(150) +
    stock(150)
      .replace('VI_1', 'VI_2')
      .replace(/vrrp_script chk_sshd \{[^}]*\}\n/, '');
  refused(
    () => keepalivedMove(VIP, node('a', view(two)), node('b', view(stock(100))), 'r'),
    /is in 2 vrrp_instances on lab-a \(VI_1 at .*:6, VI_2 at .*:19\): no safe move/,
  );
  refused(
    () => keepalivedMove(VIP, node('a', view(stock(100))), node('b', view(stock(100))), 'r'),
    /same priority \(100\) on lab-a and lab-b/,
  );
  refused(
    () => keepalivedMove(VIP, node('a', view('vrrp_instance X {\n')), node('b', view(stock(100))), 'r'),
    /cannot be read: \/etc\/keepalived\/keepalived\.conf:1: a block is not closed/,
  );
  refused(() => keepalivedMove(VIP, node('a', view(stock(150))), node('b', view(stock(100), {}, false)), 'r'), /not running on lab-b/);
  refused(
    () => keepalivedMove(VIP, node('a', view(stock(100))), node('b', view(stock(150))), 'r'),
    /lab-b already has the higher priority/,
  );
});
