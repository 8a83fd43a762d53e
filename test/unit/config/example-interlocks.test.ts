// Each seed's automation is declared in its example as an interlock: how to tell it is active, how
// to pause it and how to resume it. The crontab one is run for real here, exactly as the engine
// sends it (argvToShell), against a stand-in `crontab` that keeps the table in a file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadClusterFile } from '../../../src/config/load-cluster.js';
import { activeCommand, pauseCommand, resumeCommand, stateFromExit } from '../../../src/ops/interlocks.js';
import { REPO } from '../../support/lab.js';
import { scratch } from '../../support/scratch.js';

const example = (name: string) => loadClusterFile(path.join(REPO, 'config', `${name}.yaml`)).def;

test('every seed example declares its own automation', () => {
  const names = (f: string) => example(f).automation.map((i) => `${i.name}@${i.on}`);
  assert.deepEqual(names('rapidpro'), ['monit@both', 'rapidpro-cluster-check@both']);
  assert.deepEqual(names('wazo'), ['xivo-sync@a']);
  assert.deepEqual(names('carbonio'), ['habeat.timer@both']);
  // Sentinel is driven by the procedures (SENTINEL FAILOVER), never paused under them.
  assert.deepEqual(names('omnileads'), ['repmgrd@both']);
  assert.ok(example('omnileads').components.sentinel);
  // TVOX's replication has no documented pause: the file says so instead of inventing one.
  assert.deepEqual(names('tvox'), []);
  assert.match(readFileSync(path.join(REPO, 'config/tvox.yaml'), 'utf8'), /no automation interlock is declared/);
  // The Wazo proxy's HA check cannot be reached yet: the example says how to pause it by hand.
  assert.match(readFileSync(path.join(REPO, 'config/wazo.yaml'), 'utf8'), /pause: {2}mv \/etc\/cron\.d\/wazo-active-active-ha/);
});

test("rapidpro-cluster-check: active, paused (its line commented with hapilot's marker), inactive, resumed", () => {
  const s = scratch();
  try {
    const table = s.file('crontab.txt', '*/5 * * * * /usr/bin/rapidpro-dumpdb\n* * * * * /usr/bin/rapidpro-cluster-check\n');
    const bin = s.file(
      'crontab',
      `#!/bin/sh\nif [ "$1" = -l ]; then cat ${JSON.stringify(table)}; elif [ "$1" = - ]; then cat > ${JSON.stringify(table)}.new && mv ${JSON.stringify(table)}.new ${JSON.stringify(table)}; else exit 2; fi\n`,
    );
    chmodSync(bin, 0o755);
    const env = { ...process.env, PATH: `${s.dir}:${process.env.PATH}` };
    const i = example('rapidpro').automation.find((x) => x.name === 'rapidpro-cluster-check')!;
    const run = (text: string) => spawnSync('sh', ['-c', text], { env, encoding: 'utf8' });
    assert.equal(stateFromExit(run(activeCommand(i).text).status), 'active');
    assert.equal(run(pauseCommand(i).text).status, 0);
    assert.equal(
      readFileSync(table, 'utf8'),
      '*/5 * * * * /usr/bin/rapidpro-dumpdb\n#hapilot-paused# * * * * * /usr/bin/rapidpro-cluster-check\n',
    );
    assert.equal(stateFromExit(run(activeCommand(i).text).status), 'inactive');
    assert.equal(run(resumeCommand(i).text).status, 0);
    assert.equal(readFileSync(table, 'utf8'), '*/5 * * * * /usr/bin/rapidpro-dumpdb\n* * * * * /usr/bin/rapidpro-cluster-check\n');
    assert.equal(stateFromExit(run(activeCommand(i).text).status), 'active');
  } finally {
    s.cleanup();
  }
});

test('habeat.timer: systemctl is-active says 3 for inactive; the check turns it into 1', () => {
  const s = scratch();
  try {
    const bin = s.file('systemctl', '#!/bin/sh\nexit "$(cat "$(dirname "$0")/state")"\n');
    chmodSync(bin, 0o755);
    const env = { ...process.env, PATH: `${s.dir}:${process.env.PATH}` };
    const i = example('carbonio').automation[0]!;
    s.file('state', '0');
    assert.equal(stateFromExit(spawnSync('sh', ['-c', activeCommand(i).text], { env }).status), 'active');
    s.file('state', '3');
    assert.equal(stateFromExit(spawnSync('sh', ['-c', activeCommand(i).text], { env }).status), 'inactive');
  } finally {
    s.cleanup();
  }
});
