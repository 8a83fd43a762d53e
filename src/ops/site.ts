// What a plan knows about how this site is built, and what it decided from it: per node, how
// PostgreSQL is run (ops/postgres/layout.ts: Debian's pg_ctlcluster, a systemd unit, pg_ctl on a
// data directory; its version, hence recovery.conf or standby.signal) and, for the run, how the
// VIP moves (ops/vip/decide.ts). Procedures use the result as template values:
//   {{pg.stop}} {{pg.start}} {{pg.promote}} {{pg.standby_config}} {{pg.standby_config_undo}}
//   {{vip_move.command}} {{vip_move.after}} {{vip_move.rollback}}
// (shell code, empty on a node where there is nothing to do: such a step skips that node), and
// postgres.data_dir, postgres.bin_dir, postgres.config_file, postgres.version as found on the node.
// Pure: facts in, the nodes' site values and the plan's sentences out.
import { conninfo } from './conninfo.js';
import type { NodeFacts, NodeId } from '../cluster/facts.js';
import type { ClusterDefinition } from '../config/schema.js';
import type { SiteFacts } from '../probes/site-look.js';
import { OperatorError } from '../operator-error.js';
import { postgresControl } from './postgres/control.js';
import { decidePostgresLayout, type PostgresLayout } from './postgres/layout.js';
import { removeStandbyConfiguration, standbyConfiguration } from './postgres/standby-config.js';
import { PostgresLayoutRefused } from './postgres/types.js';
import { decideVipMove } from './vip/decide.js';
import { releaseFile, vipInstance } from './vip/keepalived.js';
import { VipMoveRefused, type VipMove } from './vip/types.js';
import type { NodeInfo } from './template.js';
import { argvToShell, shellQuote } from '../transport/quote.js';

export class SiteRefused extends OperatorError {
  override name = 'SiteRefused';
}

export interface SiteInput {
  def: ClusterDefinition;
  nodes: Record<NodeId, NodeInfo>;
  roles: { primary: NodeId; standby: NodeId };
  /** The probe round the roles came from (a node missing there did not answer). */
  facts: Partial<Record<NodeId, NodeFacts>>;
  /** The site look of each node that answered it. */
  site: Partial<Record<NodeId, SiteFacts>>;
  /** Names backups of files a run changes. */
  stamp: string;
}

export interface SiteDecision {
  nodes: Record<NodeId, NodeInfo>;
  /** Null when it cannot be decided (the lines say why). */
  vip: VipMove | null;
  layouts: Partial<Record<NodeId, PostgresLayout>>;
  /** The plan's sentences: "VIP: ... (...)", "PostgreSQL on lab-a: ...". */
  lines: string[];
}

const other = (n: NodeId): NodeId => (n === 'a' ? 'b' : 'a');

export function decideSite(input: SiteInput): SiteDecision {
  const { def, nodes, roles } = input;
  const lines: string[] = [];
  const layouts: Partial<Record<NodeId, PostgresLayout>> = {};
  const notes: Partial<Record<NodeId, string>> = {};
  const pg = def.components.postgres;
  if (pg) {
    for (const id of ['a', 'b'] as const) {
      const look = input.site[id]?.pgLayout;
      if (!look) continue;
      if (!look.known) throw new SiteRefused(`PostgreSQL on ${nodes[id].name}: the layout look failed: ${look.reason}`);
      const server = input.facts[id]?.postgres;
      try {
        layouts[id] = decidePostgresLayout({
          node: nodes[id].name,
          osUser: pg.os_user,
          declared: {
            version: String(pg.version),
            cluster: pg.cluster,
            dataDir: pg.data_dir ?? null,
            binDir: pg.bin_dir ?? null,
            service: pg.service ?? null,
            commands: pg.commands ?? null,
          },
          server: server?.known ? { versionNum: server.value.versionNum, settings: server.value.settings } : null,
          probe: look.value,
        });
      } catch (e) {
        if (e instanceof PostgresLayoutRefused) throw new SiteRefused(`PostgreSQL on ${nodes[id].name}: ${e.message}`);
        throw e;
      }
    }
    // A node that did not answer is run as its peer is: two nodes of a pair are built alike, and
    // its commands only run once it answers again. The plan says so.
    for (const id of ['a', 'b'] as const) {
      const peer = layouts[other(id)];
      if (!layouts[id] && peer) {
        layouts[id] = peer;
        notes[id] = `did not answer; taken to be as ${nodes[other(id)].name}`;
      }
    }
    for (const id of ['a', 'b'] as const) {
      const l = layouts[id];
      if (!l) throw new SiteRefused(`PostgreSQL on ${nodes[id].name}: neither node answered the layout look`);
      lines.push(`PostgreSQL on ${nodes[id].name}: version ${l.major}, ${notes[id] ?? l.why}`);
    }
  }

  // A VIP move that cannot be decided stops only the procedures that move the VIP ({{vip_move.*}}).
  let vip: VipMove | null = null;
  let vipRefused: string | null = null;
  try {
    vip = decideVipMove({
      vip: def.vip ? { address: def.vip.address, manager: def.vip.manager } : undefined,
      from: {
        id: roles.primary,
        name: nodes[roles.primary].name,
        keepalived: input.site[roles.primary]?.keepalived,
        pacemaker: input.site[roles.primary]?.pacemaker,
      },
      to: {
        id: roles.standby,
        name: nodes[roles.standby].name,
        keepalived: input.site[roles.standby]?.keepalived,
        pacemaker: input.site[roles.standby]?.pacemaker,
      },
      stamp: input.stamp,
    });
  } catch (e) {
    if (!(e instanceof VipMoveRefused)) throw e;
    vipRefused = `VIP: ${e.message}`;
  }
  lines.unshift(
    vip
      ? `VIP: ${vip.manager === 'none' ? 'not moved' : `${vip.manager}, ${vip.method}`} (${vip.why})`
      : `${vipRefused} (no step of this procedure may move it)`,
  );

  // The release file each node's keepalived tracks for the VIP (failover and rejoin write it on
  // one node, whichever way the VIP last moved); a node that did not answer is taken as its peer.
  const release: Partial<Record<NodeId, string>> = {};
  for (const id of ['a', 'b'] as const) {
    const k = input.site[id]?.keepalived;
    if (!def.vip || !k?.known || def.vip.manager.use === 'none' || def.vip.manager.use === 'command') continue;
    try {
      const inst = vipInstance(def.vip.address, { id, name: nodes[id].name, keepalived: k.value });
      const file = releaseFile(inst, k.value.config)?.file;
      if (file) release[id] = file;
    } catch (e) {
      if (!(e instanceof VipMoveRefused)) throw e;
    }
  }
  for (const id of ['a', 'b'] as const) if (!input.site[id]) release[id] ??= release[other(id)];

  const withSite = {} as Record<NodeId, NodeInfo>;
  for (const id of ['a', 'b'] as const) {
    const code: Record<string, string> = {};
    const values: Record<string, string> = {};
    const of = (list: { node: NodeId; text: string }[]) =>
      list
        .filter((c) => c.node === id)
        .map((c) => c.text)
        .join('\n');
    const refused: Record<string, string> = {};
    if (vip) {
      code['vip_move.command'] = of(vip.commands);
      code['vip_move.after'] = of(vip.after);
      code['vip_move.rollback'] = of(vip.rollback);
      // Empty when nothing moves the VIP: the steps that wait for it are skipped then.
      values['vip_move.manager'] = vip.manager === 'none' ? '' : vip.manager;
    } else {
      for (const k of ['vip_move.command', 'vip_move.after', 'vip_move.rollback']) refused[k] = vipRefused!;
    }
    const file = release[id];
    if (file) values['keepalived.release_file'] = file;
    const l = layouts[id];
    if (l && pg) {
      try {
        code['pg.stop'] = postgresControl(l, 'stop').text;
        code['pg.start'] = postgresControl(l, 'start').text;
        code['pg.promote'] = postgresControl(l, 'promote').text;
        code['pg.status'] = postgresControl(l, 'status').text;
        code['pg.fence'] = fence(l);
        const peer = nodes[other(id)];
        // Each value quoted as libpq reads it: a node named "node A" or an address with a space
        // stays one value (issue 11, item 2).
        const info = conninfo([
          ['host', peer.address],
          ['port', pg.port],
          ['user', pg.replication_user],
          ['application_name', nodes[id].name],
          ['connect_timeout', 5],
        ]);
        code['pg.standby_config'] = standbyConfiguration({
          versionNum: l.versionNum,
          dataDir: l.dataDir,
          osUser: l.osUser,
          conninfo: info,
          slot: pg.slots[id],
        }).text;
        code['pg.standby_config_undo'] = removeStandbyConfiguration({ versionNum: l.versionNum, dataDir: l.dataDir }).text;
      } catch (e) {
        if (e instanceof PostgresLayoutRefused) throw new SiteRefused(`PostgreSQL on ${nodes[id].name}: ${e.message}`);
        throw e;
      }
      values['postgres.data_dir'] = l.dataDir;
      values['postgres.bin_dir'] = l.binDir;
      values['postgres.config_file'] = l.configFile;
      values['postgres.version'] = l.major;
    }
    withSite[id] = { ...nodes[id], site: { values, code, refused } };
  }
  return { nodes: withSite, vip, layouts, lines };
}

/**
 * Stop at once (immediate: the node is being fenced, its data is not trusted) and make sure any
 * restart comes back in recovery, never as a second primary: standby.signal from 12 on,
 * recovery.conf with standby_mode before. Then check that nothing runs any more.
 */
function fence(l: PostgresLayout): string {
  // pg_ctl even under a systemd unit: an immediate stop is what fencing needs, and the unit then
  // shows the server gone, which is the truth.
  const stop =
    l.kind === 'debian'
      ? argvToShell(['pg_ctlcluster', l.debianCluster!.version, l.debianCluster!.name, 'stop', '-m', 'immediate'])
      : argvToShell(['runuser', '-u', l.osUser, '--', `${l.binDir}/pg_ctl`, 'stop', '-D', l.dataDir, '-m', 'immediate', '-w']);
  const data = shellQuote(l.dataDir);
  const mark =
    l.versionNum >= 120000
      ? [`touch -- ${data}/standby.signal`, `chown -- ${shellQuote(`${l.osUser}:`)} ${data}/standby.signal`]
      : [
          `[ -e ${data}/recovery.conf ] || printf '%s\\n' ${shellQuote("standby_mode = 'on'")} > ${data}/recovery.conf`,
          `chown -- ${shellQuote(`${l.osUser}:`)} ${data}/recovery.conf`,
        ];
  return [
    'set -u',
    `${stop} 2>&1 || true`,
    ...mark,
    `if ${postgresControl(l, 'status').text} >/dev/null 2>&1; then echo "PostgreSQL still runs" >&2; exit 1; fi`,
  ].join('\n');
}
