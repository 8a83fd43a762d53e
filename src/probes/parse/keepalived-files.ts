// The site look's keepalived section (site-look.ts): TAB-separated lines, one fact each:
//   absent                       neither keepalived nor /etc/keepalived on the node
//   running  PID                 keepalived's oldest process (PID empty: not running)
//   main  PATH                   the file keepalived reads (-f), else its default
//   configid  ID                 -i, else the host name up to its first dot (selects @ID lines)
//   file  PATH  BASE64           a configuration file's text
//   unreadable  PATH             a file that is named but cannot be read
//   include  FROM  LINE  PATHS…  an include line and the files it matched on the node
//   scripttext  PATH  BASE64     a vrrp_script's program, to tell what it checks
// The configuration itself is read by keepalived-conf.ts.
import { known, unknown, type Fact } from '../../cluster/facts.js';
import type { Section } from '../sections.js';
import { failed, lines, sectionProblem, unparsable, type ParseContext } from './common.js';
import { parseKeepalivedConfig, type KeepalivedConfig } from './keepalived-conf.js';

export interface KeepalivedSiteFacts {
  /** keepalived is installed or configured on the node. */
  present: boolean;
  running: boolean;
  main: string;
  config: KeepalivedConfig;
  /** Text of each tracked script's program file, by path. */
  scriptTexts: Record<string, string>;
}

const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');

export function parseKeepalivedFiles(section: Section | undefined, ctx: ParseContext): Fact<KeepalivedSiteFacts> {
  const problem = sectionProblem(section, ctx);
  if (problem) return problem;
  const s = section!;
  if (s.exitCode !== 0) return failed(s, "reading keepalived's configuration");
  const all = lines(s.stdout);
  if (all.length === 1 && all[0] === 'absent') {
    return unknown('keepalived is not installed (no keepalived program, no /etc/keepalived)', 'not-installed');
  }
  let running: boolean | null = null;
  let main: string | null = null;
  let configId = '';
  const files = new Map<string, string>();
  const includes: { from: string; line: number; paths: string[] }[] = [];
  const scriptTexts: Record<string, string> = {};
  for (const line of all) {
    const f = line.split('\t');
    switch (f[0]) {
      case 'running':
        running = (f[1] ?? '') !== '';
        break;
      case 'main':
        main = f[1] ?? null;
        break;
      case 'configid':
        configId = f[1] ?? '';
        break;
      case 'file':
        if (f.length !== 3) return unparsable(`a file line with ${f.length} fields`);
        files.set(f[1]!, decode(f[2]!));
        break;
      case 'unreadable':
        break;
      case 'include': {
        const n = Number(f[2]);
        if (!Number.isInteger(n)) return unparsable(`include line number "${f[2]}"`);
        includes.push({ from: f[1]!, line: n, paths: f.slice(3).filter((p) => p !== '') });
        break;
      }
      case 'scripttext':
        if (f.length !== 3) return unparsable(`a scripttext line with ${f.length} fields`);
        scriptTexts[f[1]!] = decode(f[2]!);
        break;
      default:
        return unparsable(`a line starting "${(f[0] ?? '').slice(0, 40)}"`);
    }
  }
  if (running === null || main === null) return unparsable('no running or main line');
  const config = parseKeepalivedConfig({ main, files, includes, configId });
  return known({ present: true, running, main, config, scriptTexts });
}
