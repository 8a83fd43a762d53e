// A node's facts as labelled lines of text with a tone, in a fixed order. `hapilot status` lays
// two nodes' rows side by side; the console's node pane renders one node's rows. Neither decides
// wording or tones on its own, so what the wallboard and a script see is the same.
import type { ClusterDefinition } from '../config/schema.js';
import type { Fact, NodeFacts, PostgresFacts } from '../cluster/facts.js';
import { formatBytes, formatDuration } from '../format/units.js';
import { describeHolder } from '../cluster/lock-file.js';
import { plural } from '../format/text.js';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted' | 'plain';

export interface Row {
  /** Stable key, so two nodes' rows line up: "postgres", "postgres.sender.0". */
  key: string;
  label: string;
  text: string;
  tone: Tone;
}

const row = (key: string, label: string, text: string, tone: Tone = 'plain'): Row => ({ key, label, text, tone });

/** A fact that is unknown reads "unknown: <reason>" in warning colours, never as a value. */
function unknownRow(key: string, label: string, fact: Fact<unknown>): Row | null {
  return fact.known ? null : row(key, label, `unknown: ${fact.reason}`, 'warn');
}

export function nodeRows(f: NodeFacts, def: ClusterDefinition): Row[] {
  const rows: Row[] = [];
  const c = def.components;

  rows.push(
    unknownRow('host', 'Host', f.host) ??
      (f.host.known
        ? row(
            'host',
            'Host',
            `${f.host.value.hostname} · up ${formatDuration(f.host.value.uptimeSeconds)} · load ${f.host.value.load.map((l) => l.toFixed(2)).join(' ')}`,
          )
        : row('host', 'Host', '')),
  );

  // Only when someone holds it: a procedure is running (or died) on this cluster.
  if (f.lock && (!f.lock.known || f.lock.value)) {
    rows.push(
      f.lock.known && f.lock.value
        ? row('lock', 'Lock', `LOCKED: ${describeHolder(f.lock.value)}`, 'warn')
        : row('lock', 'Lock', `unknown: ${(f.lock as { reason: string }).reason}`, 'warn'),
    );
  }

  if (c.role_files && f.roleFiles) {
    const r = f.roleFiles;
    if (!r.known) rows.push(unknownRow('role', 'Role file', r)!);
    else {
      const live = f.postgres?.known ? f.postgres.value.role : null;
      const expected = live === 'primary' ? 'master' : live === 'standby' ? 'slave' : null;
      const mismatch = expected !== null && r.value.role !== null && r.value.role !== expected;
      const text = `${r.value.role ?? 'no role file'}${r.value.status !== null ? ` / ${r.value.status}` : ''}${mismatch ? `  ≠ live ${live}` : ''}`;
      rows.push(
        row(
          'role',
          'Role file',
          text,
          mismatch || r.value.role === null ? 'bad' : r.value.status && r.value.status !== 'working' ? 'warn' : 'ok',
        ),
      );
    }
  }

  if (c.postgres && f.postgres) rows.push(...postgresRows(f.postgres, def));

  if (c.repmgr && f.repmgr) {
    rows.push(
      unknownRow('repmgr', 'repmgr', f.repmgr) ??
        row(
          'repmgr',
          'repmgr',
          f.repmgr.known ? f.repmgr.value.map((n) => `${n.name} ${n.role} ${n.status.trim()}`).join(' · ') : '',
          f.repmgr.known && f.repmgr.value.every((n) => /^(\* )?running$/.test(n.status.trim())) ? 'ok' : 'warn',
        ),
    );
  }

  if (c.redis && f.redis) {
    const r = f.redis;
    if (!r.known) rows.push(row('redis', 'Redis', `down or unknown: ${r.reason}`, 'bad'));
    else if (r.value.role === 'master') {
      const lag = r.value.replicas.length ? ` · lag ${r.value.replicas.map((x) => formatBytes(x.lagBytes)).join(', ')}` : '';
      rows.push(
        row(
          'redis',
          'Redis',
          `master · ${plural(r.value.connectedReplicas, 'replica')}${lag}`,
          r.value.connectedReplicas > 0 ? 'ok' : 'warn',
        ),
      );
    } else {
      const up = r.value.masterLinkStatus === 'up';
      rows.push(
        row(
          'redis',
          'Redis',
          `replica of ${r.value.masterHost}:${r.value.masterPort} · link ${r.value.masterLinkStatus ?? '?'}`,
          up ? 'ok' : 'bad',
        ),
      );
    }
  }

  if (c.mongodb && f.mongodb) {
    const m = f.mongodb;
    if (!m.known) rows.push(unknownRow('mongodb', 'MongoDB', m)!);
    else {
      const self = m.value.members.find((x) => x.self);
      const others = m.value.members
        .filter((x) => !x.self)
        .map(
          (x) => `${x.name} ${x.stateStr}${x.lagSeconds !== null && x.stateStr === 'SECONDARY' ? ` ${formatDuration(x.lagSeconds)}` : ''}`,
        );
      const healthy = m.value.members.every((x) => x.health === 1) && m.value.members.some((x) => x.stateStr === 'PRIMARY');
      rows.push(row('mongodb', 'MongoDB', `${self?.stateStr ?? '?'} (${m.value.set}) · ${others.join(' · ')}`, healthy ? 'ok' : 'bad'));
    }
  }

  if (def.vip && f.vip) {
    const v = f.vip;
    rows.push(
      unknownRow('vip', `VIP ${def.vip.address}`, v) ??
        row(
          'vip',
          `VIP ${def.vip.address}`,
          v.known && v.value.holds ? `HOLDS${v.value.interface ? ` (${v.value.interface})` : ''}` : '—',
          v.known && v.value.holds ? 'ok' : 'muted',
        ),
    );
  }

  if (c.keepalived && f.keepalived) {
    const k = f.keepalived;
    rows.push(
      unknownRow('keepalived', 'keepalived', k) ??
        row(
          'keepalived',
          'keepalived',
          k.known ? `${k.value.running ? 'running' : 'NOT RUNNING'}${k.value.release ? ' · VIP released by hapilot' : ''}` : '',
          k.known && k.value.running ? 'ok' : 'bad',
        ),
    );
  }

  if (c.sync && f.sync) {
    if (!f.sync.known) rows.push(unknownRow('sync', 'Sync', f.sync)!);
    else
      for (const [i, d] of f.sync.value.entries()) {
        const size = d.bytes !== null ? formatBytes(d.bytes) : (d.problem ?? '?');
        rows.push(row(`sync.${i}`, i === 0 ? 'Sync' : '', `${d.path} ${size}`, d.bytes !== null ? 'plain' : 'bad'));
      }
  }

  if (c.services && f.services) {
    rows.push(
      unknownRow('services', 'Services', f.services) ??
        row(
          'services',
          'Services',
          f.services.known ? f.services.value.map((s) => `${s.name} ${s.active ? '✓' : '✗'}`).join('  ') : '',
          f.services.known && f.services.value.every((s) => s.active) ? 'ok' : 'warn',
        ),
    );
  }

  if (c.backups && f.backups) {
    const b = f.backups;
    if (!b.known) rows.push(unknownRow('backups', 'Backups', b)!);
    else {
      const l = b.value.latest;
      const stale = l !== null && l.ageSeconds > def.thresholds.backup_max_age;
      rows.push(
        row(
          'backups',
          'Backups',
          l ? `${l.name} · ${formatDuration(l.ageSeconds)} old · ${b.value.count} kept` : 'none',
          l === null ? 'muted' : stale ? 'warn' : 'ok',
        ),
      );
    }
  }

  if (c.asterisk && f.asterisk) {
    const a = f.asterisk;
    rows.push(
      unknownRow('asterisk', 'Calls', a) ??
        row('asterisk', 'Calls', a.known ? `${a.value.activeCalls} active calls · ${a.value.activeChannels} channels` : ''),
    );
  }
  return rows;
}

function postgresRows(pg: Fact<PostgresFacts>, def: ClusterDefinition): Row[] {
  if (!pg.known) return [row('postgres', 'PostgreSQL', `down or unknown: ${pg.reason}`, 'bad')];
  const v = pg.value;
  const { lag_bytes, lag_seconds } = def.thresholds;
  const tl = v.timeline !== null ? `TL ${v.timeline}` : 'TL ?';
  if (v.role === 'primary') {
    const rows = [row('postgres', 'PostgreSQL', `PRIMARY · ${tl} · ${v.currentLsn ?? '?'}`, 'ok')];
    if (v.senders.length === 0) rows.push(row('postgres.sender.0', '  replication', 'no WAL sender: no standby connected', 'warn'));
    v.senders.forEach((s, i) => {
      const over = (s.lagBytes ?? 0) > lag_bytes || (s.replayLagSeconds ?? 0) > lag_seconds;
      const lag = `lag ${s.lagBytes !== null ? formatBytes(s.lagBytes) : '?'}${s.replayLagSeconds !== null ? ` / ${formatDuration(s.replayLagSeconds)}` : ''}`;
      rows.push(
        row(
          `postgres.sender.${i}`,
          i === 0 ? '  replication' : '',
          `→ ${s.applicationName} ${s.state} ${s.syncState} · ${lag}`,
          s.state !== 'streaming' || over ? 'warn' : 'ok',
        ),
      );
    });
    return rows;
  }
  const r = v.receiver;
  const streaming = r?.status === 'streaming';
  const rows = [row('postgres', 'PostgreSQL', `standby · ${tl} · replayed ${v.replayedLsn ?? '?'}`, streaming ? 'ok' : 'bad')];
  rows.push(
    row(
      'postgres.sender.0',
      '  replication',
      r ? `← ${r.status} from ${r.senderHost ?? '?'}${r.slotName ? ` (slot ${r.slotName})` : ''}` : 'no WAL receiver: not replicating',
      streaming ? 'ok' : 'bad',
    ),
  );
  const over = (v.replayLagSeconds ?? 0) > lag_seconds || (v.replayBacklogBytes ?? 0) > lag_bytes;
  rows.push(
    row(
      'postgres.lag',
      '  replay lag',
      `${v.replayLagSeconds !== null ? formatDuration(v.replayLagSeconds) : '?'} · backlog ${v.replayBacklogBytes !== null ? formatBytes(v.replayBacklogBytes) : '?'}`,
      over ? 'warn' : 'ok',
    ),
  );
  return rows;
}
