// keepalived's configuration, as keepalived itself reads it: the main file, the files its `include`
// lines pulled in (spliced in where the include stands), `@ID` conditional lines for this node's
// config id, `!` and `#` comments, and quoted words. What hapilot needs from it is the VRRP side:
// each vrrp_instance (state, priority, preempt, its virtual addresses, what it tracks) and the
// vrrp_script / vrrp_track_file definitions it refers to. Everything carries its file and line, so
// a plan can say exactly what it would change and a refusal can say exactly why.
//
// Pure: the probe reads the files on the node (src/probes/sections/...) and hands them over here.

export interface ConfigPlace {
  file: string;
  line: number;
}

export interface VirtualAddress {
  address: string;
  prefix: number | null;
  dev: string | null;
}

export interface TrackRef {
  name: string;
  /** The weight given where the instance tracks it; null: the definition's own weight applies. */
  weight: number | null;
}

export interface VrrpInstance {
  name: string;
  state: 'MASTER' | 'BACKUP' | null;
  interface: string | null;
  virtualRouterId: number | null;
  /** keepalived's default is 100. */
  priority: number;
  /** Where `priority` is written (null when the default applies): what a priority swap edits. */
  priorityAt: ConfigPlace | null;
  /** `nopreempt`: a higher-priority node does not take the VIP back from the current holder. */
  nopreempt: boolean;
  preemptDelay: number | null;
  addresses: VirtualAddress[];
  trackScripts: TrackRef[];
  trackFiles: TrackRef[];
  trackInterfaces: TrackRef[];
  at: ConfigPlace;
}

export interface VrrpScript {
  name: string;
  /** The command keepalived runs, as written (one string, as keepalived splits it itself). */
  script: string | null;
  weight: number | null;
  interval: number | null;
  at: ConfigPlace;
}

export interface VrrpTrackFile {
  name: string;
  file: string | null;
  weight: number | null;
  at: ConfigPlace;
}

export interface ConfigProblem extends ConfigPlace {
  reason: string;
}

export interface KeepalivedConfig {
  /** The main file, then every included file, in the order keepalived reads them. */
  files: string[];
  instances: VrrpInstance[];
  scripts: Record<string, VrrpScript>;
  trackFiles: Record<string, VrrpTrackFile>;
  /** What could not be read or understood; a plan that depends on the configuration refuses on any. */
  problems: ConfigProblem[];
}

export interface KeepalivedConfigInput {
  /** The file keepalived was started with (-f), or its default /etc/keepalived/keepalived.conf. */
  main: string;
  /** Every file the probe read, by absolute path. */
  files: ReadonlyMap<string, string>;
  /** Each include line and the files it matched on the node, in keepalived's (sorted glob) order. */
  includes: readonly { from: string; line: number; paths: readonly string[] }[];
  /** keepalived's config id (-i), by default the host name up to its first dot: selects `@ID` lines. */
  configId: string;
}

/** A word of the configuration with where it stands. */
interface Token {
  text: string;
  file: string;
  line: number;
  /** The first word of its line: keywords start lines; `{` may end them. */
  lineStart: boolean;
}

/** One node of the configuration tree: `keyword args... [{ children }]`. */
interface Item {
  keyword: string;
  args: string[];
  children: Item[] | null;
  at: ConfigPlace;
}

const MAX_INCLUDE_DEPTH = 8;

export function parseKeepalivedConfig(input: KeepalivedConfigInput): KeepalivedConfig {
  const problems: ConfigProblem[] = [];
  const files: string[] = [];
  const tokens: Token[] = [];
  readFile(input, input.main, 0, tokens, files, problems);
  const items = buildTree(tokens, problems);
  return { files, ...extract(items, problems), problems };
}

// ---- reading: comments, quotes, conditionals, includes -------------------------------------------

function readFile(
  input: KeepalivedConfigInput,
  file: string,
  depth: number,
  out: Token[],
  files: string[],
  problems: ConfigProblem[],
): void {
  const text = input.files.get(file);
  if (text === undefined) {
    problems.push({ file, line: 0, reason: 'the file could not be read on the node' });
    return;
  }
  files.push(file);
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const words = lineWords(raw, input.configId);
    if (words === null) {
      problems.push({ file, line, reason: 'a quoted word is not closed on its line' });
      return;
    }
    if (words[0] === 'include') {
      const inc = input.includes.find((x) => x.from === file && x.line === line);
      if (!inc) {
        problems.push({ file, line, reason: `include ${words.slice(1).join(' ')}: the probe did not resolve it` });
        return;
      }
      if (depth >= MAX_INCLUDE_DEPTH) {
        problems.push({ file, line, reason: `includes nest deeper than ${MAX_INCLUDE_DEPTH} levels (a loop?)` });
        return;
      }
      for (const p of inc.paths) readFile(input, p, depth + 1, out, files, problems);
      return;
    }
    words.forEach((w, k) => {
      out.push({ text: w, file, line, lineStart: k === 0 });
    });
  });
}

/**
 * The words of one line, or null when a quote is left open. `!` and `#` start a comment where a
 * word could start; `@ID` keeps the line only for that config id, `@^ID` for every other one.
 */
export function lineWords(raw: string, configId: string): string[] | null {
  let line = raw;
  const cond = /^\s*@(\^?)(\S+)\s*(.*)$/.exec(line);
  if (cond) {
    const match = cond[2] === configId;
    if (cond[1] === '^' ? match : !match) return [];
    line = cond[3]!;
  }
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '!' || c === '#') break;
    if (c === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) return null;
      words.push(line.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '}') {
      words.push(c);
      i++;
      continue;
    }
    let j = i;
    while (j < line.length && !' \t\r{}"'.includes(line[j]!)) j++;
    words.push(line.slice(i, j));
    i = j;
  }
  return words;
}

function buildTree(tokens: Token[], problems: ConfigProblem[]): Item[] {
  let pos = 0;
  const block = (depth: number): Item[] => {
    const items: Item[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos]!;
      if (t.text === '}') {
        if (depth === 0) problems.push({ file: t.file, line: t.line, reason: 'a closing brace with no block open' });
        pos++;
        if (depth > 0) return items;
        continue;
      }
      if (t.text === '{') {
        // An anonymous block: keepalived ignores it; so do we, past its contents.
        pos++;
        block(depth + 1);
        continue;
      }
      const item: Item = { keyword: t.text, args: [], children: null, at: { file: t.file, line: t.line } };
      pos++;
      while (pos < tokens.length && !tokens[pos]!.lineStart && tokens[pos]!.text !== '{' && tokens[pos]!.text !== '}') {
        item.args.push(tokens[pos]!.text);
        pos++;
      }
      if (pos < tokens.length && tokens[pos]!.text === '{') {
        pos++;
        item.children = block(depth + 1);
      }
      items.push(item);
    }
    if (depth > 0) {
      const last = tokens[tokens.length - 1];
      problems.push({ file: last?.file ?? '?', line: last?.line ?? 0, reason: 'a block is not closed by the end of the configuration' });
    }
    return items;
  };
  return block(0);
}

// ---- the VRRP side ------------------------------------------------------------------------------

function extract(items: Item[], problems: ConfigProblem[]): Pick<KeepalivedConfig, 'instances' | 'scripts' | 'trackFiles'> {
  const instances: VrrpInstance[] = [];
  const scripts: Record<string, VrrpScript> = {};
  const trackFiles: Record<string, VrrpTrackFile> = {};
  for (const item of items) {
    switch (item.keyword) {
      case 'vrrp_instance':
        instances.push(instance(item, problems));
        break;
      case 'vrrp_script': {
        const name = item.args[0] ?? '';
        scripts[name] = {
          name,
          script: value(item, 'script', (a) => a.join(' ')),
          weight: value(item, 'weight', (a) => int(a[0])),
          interval: value(item, 'interval', (a) => num(a[0])),
          at: item.at,
        };
        break;
      }
      case 'vrrp_track_file': {
        const name = item.args[0] ?? '';
        trackFiles[name] = {
          name,
          file: value(item, 'file', (a) => a[0] ?? null),
          weight: value(item, 'weight', (a) => int(a[0])),
          at: item.at,
        };
        break;
      }
      default:
        break;
    }
  }
  return { instances, scripts, trackFiles };
}

function instance(item: Item, problems: ConfigProblem[]): VrrpInstance {
  const name = item.args[0] ?? '';
  if (!name) problems.push({ ...item.at, reason: 'vrrp_instance without a name' });
  const child = (k: string) => item.children?.findLast((c) => c.keyword === k);
  const state = child('state')?.args[0]?.toUpperCase();
  const prio = child('priority');
  const priority = prio ? int(prio.args[0]) : 100;
  if (prio && priority === null) problems.push({ ...prio.at, reason: `priority ${prio.args.join(' ')} is not a whole number` });
  const vrid = child('virtual_router_id');
  return {
    name,
    state: state === 'MASTER' || state === 'BACKUP' ? state : null,
    interface: child('interface')?.args[0] ?? null,
    virtualRouterId: vrid ? int(vrid.args[0]) : null,
    priority: priority ?? 100,
    priorityAt: prio ? prio.at : null,
    nopreempt: Boolean(child('nopreempt')),
    preemptDelay: child('preempt_delay') ? num(child('preempt_delay')!.args[0]) : null,
    addresses: (child('virtual_ipaddress')?.children ?? []).map(address),
    trackScripts: refs(child('track_script')),
    trackFiles: refs(child('track_file')),
    trackInterfaces: refs(child('track_interface')),
    at: item.at,
  };
}

/** `192.168.1.10/24 dev eth0 label eth0:1` (and keepalived's other options, ignored). */
function address(item: Item): VirtualAddress {
  const [addr, prefix] = item.keyword.split('/');
  const dev = item.args.indexOf('dev');
  return { address: addr!, prefix: prefix === undefined ? null : int(prefix), dev: dev >= 0 ? (item.args[dev + 1] ?? null) : null };
}

/** Entries of a track_* block: `name [weight N [reverse]]`. */
function refs(block: Item | undefined): TrackRef[] {
  return (block?.children ?? []).map((c) => {
    const w = c.args.indexOf('weight');
    return { name: c.keyword, weight: w >= 0 ? int(c.args[w + 1]) : null };
  });
}

function value<T>(item: Item, key: string, read: (args: string[]) => T): T | null {
  const c = item.children?.findLast((x) => x.keyword === key);
  return c ? read(c.args) : null;
}

function int(s: string | undefined): number | null {
  return s !== undefined && /^[+-]?\d+$/.test(s) ? Number(s) : null;
}

function num(s: string | undefined): number | null {
  return s !== undefined && /^[+-]?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}
