// Every component the cluster file accepts goes through every layer: listed alone in a definition,
// it gets its own section(s) in the round, its fact in NodeFacts (unknown, with the round's reason,
// when nothing came back) and its rows on the screen. SAMPLES must name every key the cluster file
// accepts (the type checker says which is missing), so a component added to the schema and not
// wired through the probes and the view fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { ClusterSchema, type ComponentsSchema } from '../../../src/config/schema.js';
import { plannedSections } from '../../../src/probes/script.js';
import { factsFromOutput } from '../../../src/probes/node-facts.js';
import { nodeRows } from '../../../src/view/node-rows.js';

type Listed = keyof z.input<typeof ComponentsSchema> | 'vip';

const SAMPLES = {
  role_files: { role: '/etc/rapidpro.role', status: '/etc/rapidpro.status' },
  services: [{ name: 'ssh', process: 'sshd' }],
  postgres: { version: 15 },
  repmgr: {},
  redis: {},
  sentinel: {},
  mongodb: {},
  sync: { paths: ['/var/lib/labsync', '/srv/media'] },
  keepalived: { release_file: '/etc/keepalived/release' },
  pacemaker: {},
  backups: { dir: '/var/backups/rapidpro' },
  asterisk: {},
  carbonio: { source_mail_host: 'mbox1.example.com' },
  vip: { address: '198.18.0.10' },
} satisfies Record<Listed, unknown>;

const NODES = { a: { host: 'a.example' }, b: { host: 'b.example' } };
const ALWAYS = ['host', 'lock'];
const FRAME = ['node', 'name', 'collectedAt', 'roundTripMs'];

function definitionWith(key: Listed) {
  const sample = SAMPLES[key];
  return ClusterSchema.parse(
    key === 'vip' ? { name: 'one', nodes: NODES, vip: sample } : { name: 'one', nodes: NODES, components: { [key]: sample } },
  );
}

const silentRound = (def: ReturnType<typeof definitionWith>) =>
  factsFromOutput(
    '',
    'f00dcafe12345678',
    def,
    'a',
    'lab-a',
    { sentAtMs: 1000, receivedAtMs: 1040 },
    { exitCode: 255, stderr: 'ssh: Connection reset' },
  );
const REASON = 'the probe script returned no sections (exit 255: ssh: Connection reset)';

for (const key of Object.keys(SAMPLES) as Listed[]) {
  test(`components: ${key}, listed alone, has its own section, an unknown fact with the round's reason, and rows that say it`, () => {
    const def = definitionWith(key);
    const own = plannedSections(def).filter((s) => !ALWAYS.includes(s));
    assert.ok(own.length > 0, `no section for ${key}: ${plannedSections(def).join(' ')}`);

    const facts = silentRound(def);
    const fields = Object.keys(facts).filter((k) => !FRAME.includes(k) && !ALWAYS.includes(k));
    assert.equal(fields.length, 1, `one fact for ${key}, got ${fields.join(', ')}`);
    assert.deepEqual(facts[fields[0] as keyof typeof facts], { known: false, reason: REASON, cause: 'no-output' });

    const rows = nodeRows(facts, def).filter((r) => !ALWAYS.includes(r.key));
    assert.ok(rows.length > 0, `no rows for ${key}`);
    for (const r of rows) assert.ok(r.text.endsWith(`unknown: ${REASON}`), `${r.key}: ${r.text}`);
  });
}

test('components: with every component listed, each section name appears once (a round keeps only the first of two)', () => {
  const def = ClusterSchema.parse({
    name: 'all',
    nodes: NODES,
    vip: SAMPLES.vip,
    components: Object.fromEntries(Object.entries(SAMPLES).filter(([k]) => k !== 'vip')),
  });
  const names = plannedSections(def);
  assert.equal(names.length, ALWAYS.length + Object.keys(SAMPLES).length + 1 + 3 + 1, names.join(' ')); // sync has two paths, carbonio four parts, sentinel two
  assert.deepEqual([...new Set(names)], names);
});

test('components: a definition that lists none gets the host and the lock only, in facts and in rows', () => {
  const def = ClusterSchema.parse({ name: 'none', nodes: NODES });
  assert.deepEqual(plannedSections(def), ALWAYS);
  const facts = silentRound(def);
  assert.deepEqual(Object.keys(facts), [...FRAME, ...ALWAYS]);
  assert.deepEqual(
    nodeRows(facts, def).map((r) => r.key),
    ALWAYS,
  );
});
