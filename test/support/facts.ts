// Builders for constructed fact pairs: a healthy two-node cluster that a test then breaks in one
// precise way. Values mirror what the lab's real probes report.
import type { NodeFacts, NodeId, NodeObservation, PostgresFacts, PostgresSettings, RedisFacts } from '../../src/cluster/facts.js';
import { known } from '../../src/cluster/facts.js';
import { parseCluster } from '../../src/config/load-cluster.js';
import type { ClusterDefinition } from '../../src/config/schema.js';

export const NOW = Date.parse('2026-11-22T03:00:00Z');

export const labLikeDefinition: ClusterDefinition = parseCluster(
  `name: lab
nodes:
  a: { alias: lab-a }
  b: { alias: lab-b }
vip: { address: 198.18.0.10 }
components:
  role_files: { role: /etc/rapidpro.role, status: /etc/rapidpro.status }
  services:
    - { name: postgresql, process: postgres }
    - { name: celerybeat, run_on: primary }
  postgres: { version: 15 }
  repmgr: {}
  redis: {}
  mongodb: {}
  sync: { paths: [/var/lib/labsync] }
  keepalived: {}
  backups: { dir: /var/backups/rapidpro, pattern: "rapidpro-*.sql" }
`,
  '/test/lab.yaml',
).def;

const IP: Record<NodeId, string> = { a: '198.18.0.11', b: '198.18.0.12' };
const NAME: Record<NodeId, string> = { a: 'lab-a', b: 'lab-b' };

/** The lab's Debian layout, as the probe query reads it. */
function labSettings(clusterName: string, hotStandby: boolean): PostgresSettings {
  return {
    dataDirectory: '/var/lib/postgresql/15/main',
    configFile: '/etc/postgresql/15/main/postgresql.conf',
    hbaFile: '/etc/postgresql/15/main/pg_hba.conf',
    clusterName,
    port: 5432,
    walLevel: 'replica',
    maxWalSenders: 10,
    maxReplicationSlots: 10,
    hotStandby,
    walLogHints: true,
    dataChecksums: false,
  };
}

export function primaryPg(standbyName = 'lab-b'): PostgresFacts {
  return {
    version: '15.14',
    versionNum: 150014,
    role: 'primary',
    timeline: 1,
    currentLsn: '0/3000148',
    receivedLsn: null,
    replayedLsn: null,
    replayBacklogBytes: null,
    replayLagSeconds: null,
    synchronousStandbyNames: '',
    senders: [
      {
        applicationName: standbyName,
        clientAddr: '198.18.0.12',
        state: 'streaming',
        syncState: 'async',
        sentLsn: '0/3000148',
        replayLsn: '0/3000148',
        lagBytes: 0,
        replayLagSeconds: null,
      },
    ],
    receiver: null,
    slots: [{ name: 'repmgr_slot_2', type: 'physical', active: true, retainedBytes: 328 }],
    settings: labSettings('lab-a', true),
  };
}

export function standbyPg(primaryIp = '198.18.0.11'): PostgresFacts {
  return {
    version: '15.14',
    versionNum: 150014,
    role: 'standby',
    timeline: 1,
    currentLsn: null,
    receivedLsn: '0/3000148',
    replayedLsn: '0/3000148',
    replayBacklogBytes: 0,
    replayLagSeconds: 0,
    synchronousStandbyNames: '',
    senders: [],
    receiver: {
      status: 'streaming',
      senderHost: primaryIp,
      senderPort: 5432,
      slotName: 'repmgr_slot_2',
      receivedLsn: '0/3000148',
      lastMessageAt: '2026-11-22T02:59:59Z',
    },
    slots: [],
    settings: labSettings('lab-b', true),
  };
}

export function masterRedis(): RedisFacts {
  return {
    role: 'master',
    connectedReplicas: 1,
    replicas: [{ ip: '198.18.0.12', port: 6379, state: 'online', offset: 1000, lag: 0, lagBytes: 0 }],
    masterHost: null,
    masterPort: null,
    masterLinkStatus: null,
    masterLastIoSecondsAgo: null,
    masterReplOffset: 1000,
    replicaOffset: null,
  };
}

export function replicaRedis(masterIp = '198.18.0.11'): RedisFacts {
  return {
    role: 'replica',
    connectedReplicas: 0,
    replicas: [],
    masterHost: masterIp,
    masterPort: 6379,
    masterLinkStatus: 'up',
    masterLastIoSecondsAgo: 1,
    masterReplOffset: 1000,
    replicaOffset: 1000,
  };
}

/** A healthy node in the given role, as the lab reports it. */
export function healthyNode(node: NodeId, role: 'primary' | 'standby'): NodeFacts {
  const primary = role === 'primary';
  const optime = (s: number) => new Date(NOW - s * 1000).toISOString();
  return {
    node,
    name: NAME[node],
    collectedAt: new Date(NOW).toISOString(),
    roundTripMs: 120,
    host: known({ hostname: NAME[node], uptimeSeconds: 3600, load: [0.1, 0.2, 0.3], clockMs: NOW, clockSkewMs: 3 }),
    roleFiles: known({ role: primary ? 'master' : 'slave', status: 'working' }),
    services: known([
      { name: 'postgresql', active: true, detail: 'process postgres: 7 running' },
      { name: 'celerybeat', active: primary, detail: primary ? 'process celerybeat: 1 running' : 'process celerybeat: none' },
    ]),
    postgres: known(primary ? primaryPg() : standbyPg()),
    repmgr: known([
      { id: 1, name: 'lab-a', role: primary === (node === 'a') ? 'primary' : 'standby', status: '* running', upstream: null, timeline: 1 },
      {
        id: 2,
        name: 'lab-b',
        role: primary === (node === 'b') ? 'primary' : 'standby',
        status: '  running',
        upstream: 'lab-a',
        timeline: 1,
      },
    ]),
    redis: known(primary ? masterRedis() : replicaRedis(IP[node === 'a' ? 'b' : 'a'])),
    mongodb: known({
      set: 'rs0',
      myState: primary ? 1 : 2,
      members: (['a', 'b'] as const).map((m) => {
        const isPrimary = (m === node) === primary;
        return {
          name: `${NAME[m]}:27017`,
          health: 1,
          stateStr: isPrimary ? 'PRIMARY' : 'SECONDARY',
          self: m === node,
          optimeDate: optime(isPrimary ? 0 : 1),
          syncSource: null,
          lagSeconds: isPrimary ? null : 1,
        };
      }),
    }),
    sync: known([{ path: '/var/lib/labsync', bytes: 3_932_175 }]),
    vip: known({ address: '198.18.0.10', holds: primary, interface: primary ? 'eth0' : null }),
    keepalived: known({ running: true, release: 0 }),
    backups: known({
      dir: '/var/backups/rapidpro',
      latest: { name: 'rapidpro-20261122_0255.sql', bytes: 12, modifiedAt: optime(300), ageSeconds: 300 },
      count: 1,
    }),
  };
}

export function reachable(f: NodeFacts): NodeObservation {
  return { reachable: true, facts: f };
}

export function unreachable(node: NodeId, reason: string, lastGood: NodeFacts | null = null): NodeObservation {
  return { reachable: false, node, name: NAME[node], reason, since: new Date(NOW - 30_000).toISOString(), lastGood };
}

/** The healthy lab pair: A primary, B standby. */
export function healthyPair(): { a: NodeFacts; b: NodeFacts } {
  return { a: healthyNode('a', 'primary'), b: healthyNode('b', 'standby') };
}
