// The rows components, in the order a node's rows are shown (status columns, console panes).
// Adding a component: its file here, and its name in this list. The type checker holds the list to
// ComponentFacts (cluster/facts.ts; component.ts, rowsList).
import { rowsList } from '../component.js';
import { host } from './host.js';
import { lock } from './lock.js';
import { roleFiles } from './role-files.js';
import { postgres } from './postgres.js';
import { repmgr } from './repmgr.js';
import { redis } from './redis.js';
import { sentinel } from './sentinel.js';
import { mongodb } from './mongodb.js';
import { vip } from './vip.js';
import { keepalived } from './keepalived.js';
import { pacemaker } from './pacemaker.js';
import { sync } from './sync.js';
import { services } from './services.js';
import { backups } from './backups.js';
import { asterisk } from './asterisk.js';
import { carbonio } from './carbonio.js';

// biome-ignore format: one component a line, so adding one is a one-line change
export const rows = rowsList([
  host,
  lock,
  roleFiles,
  postgres,
  repmgr,
  redis,
  sentinel,
  mongodb,
  vip,
  keepalived,
  pacemaker,
  sync,
  services,
  backups,
  asterisk,
  carbonio,
]);
