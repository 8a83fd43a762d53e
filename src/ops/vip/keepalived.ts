// How to move a VIP that keepalived holds, decided from both nodes' keepalived configurations as
// the probes read them. keepalived is configured in a few styles on real sites, and each moves the
// VIP another way; the plan names the style it found and why it moves the VIP that way:
//   - a vrrp_track_file with weight 0: a non-zero number in the file puts the instance in FAULT,
//     so the holder releases the VIP (hapilot's lab convention, found rather than declared);
//   - a vrrp_script that follows the PostgreSQL role: the VIP moves by itself after the promotion;
//     hapilot only waits for it;
//   - static priorities with preempt: the priorities are swapped in both nodes' files (each backed
//     up first) and keepalived reloaded; the higher priority takes the VIP;
//   - nopreempt with nothing else: keepalived is restarted on the holder; its peer takes the VIP and
//     keeps it, since a returning node never preempts.
// Anything else (the VIP in no instance, in two, priorities that cannot be told apart) is refused
// before any change, naming the file and line.
import type { KeepalivedConfig, VrrpInstance } from '../../probes/parse/keepalived-conf.js';
import { shellQuote } from '../../transport/quote.js';
import type { VipMove, VipNodeView } from './types.js';
import { VipMoveRefused } from './types.js';

/** What a node's keepalived looks like to the planner. */
export interface KeepalivedView {
  running: boolean;
  config: KeepalivedConfig;
  /** Text of each tracked script's program file, by path, when the probe could read it. */
  scriptTexts: Readonly<Record<string, string>>;
}

/** Words in a check script that say it follows the database role, not just a process being up. */
const ROLE_SIGNS: readonly RegExp[] = [
  /pg_is_in_recovery/,
  /\brepmgr\b.*\b(node\s+check\s+--role|node\s+status)\b/,
  /\bpatronictl\b|\/leader\b|\/primary\b.*8008/,
  /rapidpro\.role/,
  /\bpg_controldata\b.*in production/,
];

export function keepalivedMove(
  vip: string,
  from: VipNodeView & { keepalived: KeepalivedView },
  to: VipNodeView & { keepalived: KeepalivedView },
  runId: string,
): VipMove {
  const fromInst = vipInstance(vip, from);
  const toInst = vipInstance(vip, to);
  if (!from.keepalived.running) {
    throw new VipMoveRefused(`keepalived is not running on ${from.name}: nothing can hand the VIP over in an orderly way`);
  }
  if (!to.keepalived.running) throw new VipMoveRefused(`keepalived is not running on ${to.name}: it could not take the VIP`);

  const release = releaseFile(fromInst, from.keepalived.config);
  const releaseTo = releaseFile(toInst, to.keepalived.config);
  if (release && releaseTo) {
    return {
      manager: 'keepalived',
      method: 'release-file',
      why:
        `${from.name}'s instance ${fromInst.name} tracks ${release.file} (vrrp_track_file ${release.name}, weight 0, ${place(release.at)}): ` +
        'a non-zero number there puts the instance in FAULT, so it releases the VIP to its peer',
      commands: [{ node: from.id, text: `set -eu\nprintf '1\\n' > ${shellQuote(release.file)}` }],
      after: [{ node: from.id, text: `set -eu\nprintf '0\\n' > ${shellQuote(release.file)}` }],
      afterWhy: `0 in ${release.file} makes ${from.name} eligible again should ${to.name} fail`,
      rollback: [{ node: from.id, text: `set -eu\nprintf '0\\n' > ${shellQuote(release.file)}` }],
    };
  }

  const follows = roleScript(toInst, to.keepalived);
  if (follows) {
    return {
      manager: 'keepalived',
      method: 'follows-role',
      why:
        `${to.name}'s instance ${toInst.name} tracks vrrp_script ${follows.name} (${follows.script}, ${place(follows.at)}), which follows the ` +
        'PostgreSQL role: the VIP moves by itself once the new primary is promoted; hapilot only waits for it',
      commands: [],
      after: [],
      rollback: [],
    };
  }

  const nopreempt = fromInst.nopreempt && fromInst.state !== 'MASTER';
  if (nopreempt) {
    return {
      manager: 'keepalived',
      method: 'restart-holder',
      why:
        `${fromInst.name} runs with nopreempt (${place(fromInst.at)}) and tracks nothing hapilot can use: keepalived is restarted on ` +
        `${from.name}, its peer takes the VIP, and a returning node never takes it back`,
      commands: [{ node: from.id, text: restartKeepalived() }],
      after: [],
      rollback: [],
    };
  }

  // Static priorities with preempt: the higher priority holds the VIP. Swap them.
  if (fromInst.priority === toInst.priority) {
    throw new VipMoveRefused(
      `${fromInst.name} has the same priority (${fromInst.priority}) on ${from.name} and ${to.name} ` +
        `(${place(fromInst.priorityAt ?? fromInst.at)}, ${place(toInst.priorityAt ?? toInst.at)}): swapping them would change nothing`,
    );
  }
  for (const [n, inst] of [
    [from, fromInst],
    [to, toInst],
  ] as const) {
    if (!inst.priorityAt) {
      throw new VipMoveRefused(
        `${inst.name} on ${n.name} has no priority line (${place(inst.at)}): there is nothing to swap; name a VIP manager in the cluster file`,
      );
    }
  }
  if (fromInst.priority < toInst.priority) {
    throw new VipMoveRefused(
      `${to.name} already has the higher priority (${toInst.priority} > ${fromInst.priority}) yet ${from.name} holds the VIP: keepalived is not in the state its configuration says; look at both nodes before moving it`,
    );
  }
  const backup = (file: string) => `${file}.hapilot-${runId}`;
  const edit = (at: { file: string; line: number }, now: number, next: number) =>
    [
      'set -eu',
      `f=${shellQuote(at.file)}; n=${at.line}; bak=${shellQuote(backup(at.file))}`,
      `line=$(sed -n "\${n}p" "$f")`,
      '# Refuse if the line changed since hapilot read it.',
      `printf '%s\\n' "$line" | grep -Eq '(^|[[:space:]])priority[[:space:]]+${now}([[:space:]]|$)' || { echo "$f:$n is now: $line (expected priority ${now})" >&2; exit 1; }`,
      '[ -e "$bak" ] || cp -p -- "$f" "$bak"',
      `sed -i -E "\${n}s/(priority[[:space:]]+)${now}([[:space:]]|$)/\\1${next}\\2/" "$f"`,
      `echo "$f:$n: priority ${now} -> ${next} (backup $bak)"`,
    ].join('\n');
  const restore = (at: { file: string }) =>
    `set -eu\nbak=${shellQuote(backup(at.file))}\n[ ! -e "$bak" ] || cp -p -- "$bak" ${shellQuote(at.file)}\n${reloadKeepalived()}`;
  return {
    manager: 'keepalived',
    method: 'swap-priorities',
    why:
      `${fromInst.name} uses static priorities with preempt (${from.name} ${fromInst.priority} at ${place(fromInst.priorityAt!)}, ` +
      `${to.name} ${toInst.priority} at ${place(toInst.priorityAt!)}): the priorities are swapped in both files (each backed up first) and ` +
      'keepalived reloaded; the higher priority takes the VIP',
    commands: [
      { node: from.id, text: `${edit(fromInst.priorityAt!, fromInst.priority, toInst.priority)}\n${reloadKeepalived()}` },
      { node: to.id, text: `${edit(toInst.priorityAt!, toInst.priority, fromInst.priority)}\n${reloadKeepalived()}` },
    ],
    after: [],
    rollback: [
      { node: to.id, text: restore(toInst.priorityAt!) },
      { node: from.id, text: restore(fromInst.priorityAt!) },
    ],
  };
}

/** The one instance of a node that carries the VIP; refused with the file and line otherwise. */
export function vipInstance(vip: string, n: VipNodeView & { keepalived: KeepalivedView }): VrrpInstance {
  const c = n.keepalived.config;
  if (c.problems.length) {
    const p = c.problems[0]!;
    throw new VipMoveRefused(`${n.name}'s keepalived configuration cannot be read: ${p.file}:${p.line}: ${p.reason}`);
  }
  const holding = c.instances.filter((i) => i.addresses.some((a) => a.address === vip));
  if (holding.length === 0) {
    throw new VipMoveRefused(`the VIP ${vip} is in no vrrp_instance on ${n.name} (read ${c.files.join(', ') || 'no file'})`);
  }
  if (holding.length > 1) {
    throw new VipMoveRefused(
      `the VIP ${vip} is in ${holding.length} vrrp_instances on ${n.name} (${holding.map((i) => `${i.name} at ${place(i.at)}`).join(', ')}): no safe move`,
    );
  }
  return holding[0]!;
}

/** The instance's vrrp_track_file with weight 0 (hapilot's release file), or null. */
export function releaseFile(inst: VrrpInstance, c: KeepalivedConfig) {
  for (const ref of inst.trackFiles) {
    const def = c.trackFiles[ref.name];
    const weight = ref.weight ?? def?.weight ?? 1;
    if (def?.file && weight === 0) return { name: ref.name, file: def.file, at: def.at };
  }
  return null;
}

function roleScript(inst: VrrpInstance, k: KeepalivedView) {
  for (const ref of inst.trackScripts) {
    const def = k.config.scripts[ref.name];
    if (!def?.script) continue;
    const program = def.script.split(/\s+/)[0] ?? '';
    const text = `${def.script}\n${k.scriptTexts[program] ?? ''}`;
    if (ROLE_SIGNS.some((re) => re.test(text))) return { name: ref.name, script: def.script, at: def.at };
  }
  return null;
}

/** Reload: systemd where it runs keepalived, else a HUP to keepalived's parent (it re-reads its files). */
export function reloadKeepalived(): string {
  return 'if [ -d /run/systemd/system ] && systemctl is-active -q keepalived; then systemctl reload keepalived; else kill -HUP "$(pgrep -o -x keepalived)"; fi';
}

function restartKeepalived(): string {
  return 'set -eu\nif [ -d /run/systemd/system ] && systemctl is-active -q keepalived; then systemctl restart keepalived; else service keepalived restart; fi';
}

function place(at: { file: string; line: number }): string {
  return `${at.file}:${at.line}`;
}
