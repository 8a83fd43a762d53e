// Wires the sections of one round's output to their parsers: text in, NodeFacts out. Pure.
// Components the definition does not list stay absent; listed ones are always present, known or
// unknown with a reason.
import type { ClusterDefinition } from '../config/schema.js';
import type { NodeFacts, NodeId } from '../cluster/facts.js';
import { splitSections } from './sections.js';
import { ROUND_SECTION } from './script.js';
import type { ParseContext } from './parse/common.js';
import { firstLine, truncate } from '../format/text.js';
import { parseHost, parseRound } from './parse/host.js';
import { parseRoleFiles } from './parse/role-files.js';
import { parseServices } from './parse/services.js';
import { parsePostgres } from './parse/postgres.js';
import { parseRepmgr } from './parse/repmgr.js';
import { parseRedis } from './parse/redis.js';
import { parseMongo } from './parse/mongodb.js';
import { parseSync } from './parse/sync.js';
import { parseVip } from './parse/vip.js';
import { parseKeepalived } from './parse/keepalived.js';
import { parseBackups } from './parse/backups.js';
import { parseAsterisk } from './parse/asterisk.js';
import { parseLockSection } from './parse/lock.js';
import { unknown, type Fact } from '../cluster/facts.js';
import { errorMessage } from '../format/error-message.js';

export interface RoundTiming {
  /** Our clock when the round was sent and when its output had all arrived (ms since the epoch). */
  sentAtMs: number;
  receivedAtMs: number;
}

/** How the script itself ended, to explain a round that returned nothing. */
export interface ScriptOutcome {
  exitCode: number | null;
  stderr: string;
}

export function factsFromOutput(
  output: string,
  nonce: string,
  def: ClusterDefinition,
  node: NodeId,
  name: string,
  timing: RoundTiming,
  script?: ScriptOutcome,
): NodeFacts {
  const sections = splitSections(output, nonce);
  const ctx: ParseContext = { sectionTimeout: def.probe.section_timeout };
  const round = parseRound(sections.get(ROUND_SECTION));
  const c = def.components;

  // When the script returned no section at all, every fact gets the script's own reason.
  const nothing = sections.size === 0 ? unknown(scriptReason(script), 'no-output') : null;
  const fact = <T>(parse: () => Fact<T>): Fact<T> => {
    if (nothing) return nothing;
    try {
      return parse();
    } catch (e) {
      // Parsers do not throw; if one ever does, it costs one fact, not the round.
      return unknown(`output did not parse: ${errorMessage(e)}`, 'unparsable');
    }
  };

  const facts: NodeFacts = {
    node,
    name,
    collectedAt: new Date(timing.receivedAtMs).toISOString(),
    roundTripMs: Math.round(timing.receivedAtMs - timing.sentAtMs),
    host: fact(() =>
      parseHost(sections.get('host'), ctx, {
        sentAtMs: timing.sentAtMs,
        receivedAtMs: timing.receivedAtMs,
        nodeStartMs: round?.startMs ?? null,
        nodeEndMs: round?.endMs ?? null,
      }),
    ),
  };
  facts.lock = fact(() => parseLockSection(sections.get('lock'), ctx));
  if (c.role_files) facts.roleFiles = fact(() => parseRoleFiles(sections.get('role_files'), ctx, c.role_files!));
  if (c.services && c.services.length > 0) facts.services = fact(() => parseServices(sections.get('services'), ctx, c.services!));
  if (c.postgres) facts.postgres = fact(() => parsePostgres(sections.get('postgres'), ctx));
  if (c.repmgr) facts.repmgr = fact(() => parseRepmgr(sections.get('repmgr'), ctx));
  if (c.redis) facts.redis = fact(() => parseRedis(sections.get('redis'), ctx));
  if (c.mongodb) facts.mongodb = fact(() => parseMongo(sections.get('mongodb'), ctx));
  if (c.sync) facts.sync = fact(() => parseSync(sections, ctx, c.sync!.paths));
  if (def.vip) facts.vip = fact(() => parseVip(sections.get('vip'), ctx, def.vip!));
  if (c.keepalived) facts.keepalived = fact(() => parseKeepalived(sections.get('keepalived'), ctx, c.keepalived!.release_file));
  if (c.backups) facts.backups = fact(() => parseBackups(sections.get('backups'), ctx, c.backups!.dir));
  if (c.asterisk) facts.asterisk = fact(() => parseAsterisk(sections.get('asterisk'), ctx));
  return facts;
}

function scriptReason(script: ScriptOutcome | undefined): string {
  if (!script) return 'the probe round returned no sections';
  const said = truncate(firstLine(script.stderr), 200);
  const status = script.exitCode === null ? 'no exit status' : `exit ${script.exitCode}`;
  return `the probe script returned no sections (${status}${said ? `: ${said}` : ''})`;
}
