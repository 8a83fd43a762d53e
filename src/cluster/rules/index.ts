// The rules, in the order their findings read best (split brain first; the assessment sorts by level).
import type { Rule } from '../assessment.js';
import { splitBrain } from './split-brain.js';
import { reachability } from './reachability.js';
import { postgres } from './postgres.js';
import { vip } from './vip.js';
import { roleFiles } from './role-files.js';
import { redis } from './redis.js';
import { sentinel } from './sentinel.js';
import { mongodb } from './mongodb.js';
import { repmgr } from './repmgr.js';
import { services } from './services.js';
import { twoMasters } from './two-masters.js';
import { keepalived } from './keepalived.js';
import { pacemaker } from './pacemaker.js';
import { sync } from './sync.js';
import { backups } from './backups.js';
import { carbonio } from './carbonio.js';
import { host } from './host.js';
import { goneRun } from './gone-run.js';

export const rules: Rule[] = [
  splitBrain,
  reachability,
  postgres,
  vip,
  roleFiles,
  redis,
  sentinel,
  mongodb,
  repmgr,
  twoMasters,
  services,
  keepalived,
  pacemaker,
  sync,
  backups,
  carbonio,
  host,
  goneRun,
];
