// The probe components, in the order their sections are printed and their facts are stored.
// Adding a component: its file here, and its name in this list. The type checker holds the list to
// ComponentFacts (cluster/facts.ts) and keeps host first (component.ts, probeList).
import { probeList } from '../component.js';
import { host } from './host.js';
import { lock } from './lock.js';
import { roleFiles } from './role-files.js';
import { services } from './services.js';
import { postgres } from './postgres.js';
import { repmgr } from './repmgr.js';
import { redis } from './redis.js';
import { sentinel } from './sentinel.js';
import { mongodb } from './mongodb.js';
import { sync } from './sync.js';
import { vip } from './vip.js';
import { keepalived } from './keepalived.js';
import { pacemaker } from './pacemaker.js';
import { backups } from './backups.js';
import { asterisk } from './asterisk.js';
import { carbonio } from './carbonio.js';

// biome-ignore format: one component a line, so adding one is a one-line change
export const probes = probeList([
  host,
  lock,
  roleFiles,
  services,
  postgres,
  repmgr,
  redis,
  sentinel,
  mongodb,
  sync,
  vip,
  keepalived,
  pacemaker,
  backups,
  asterisk,
  carbonio,
]);
