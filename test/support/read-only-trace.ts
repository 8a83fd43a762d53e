// What a probe run on a node did, from strace: the programs it started and everything it wrote,
// moved or removed. The per-round script's test and the persistent session's test read their
// traces the same way and hold them to the same list of read-only programs.

// Programs the probe script may start. Every one of them only reads.
export const READ_ONLY_PROGRAMS = new Set([
  'bash',
  'timeout',
  'mktemp',
  'rm',
  'date',
  'cat',
  'head',
  'uname',
  'base64',
  'id',
  'pgrep',
  'runuser',
  'env',
  'psql',
  'repmgr',
  'redis-cli',
  'mongosh',
  'hostname',
  'du',
  'ip',
  'find',
  'sort',
  // The PostgreSQL layout look (src/probes/postgres-layout-script.ts): the postgres user's home,
  // fields of the running server's command line. sed runs without -i; the write check below holds it.
  'getent',
  'cut',
  'sed',
  // The persistent session: its FIFO in its private directory (session-program.ts).
  'mkfifo',
]);
export const TRACED =
  'execve,openat,open,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,mkdirat,rmdir,chmod,fchmodat,chown,fchownat,lchown,truncate,link,linkat,symlink,symlinkat,mknod,mknodat,utimensat';

export interface ReadTrace {
  programs: Set<string>;
  writes: string[];
  /** The private directory made with mktemp -d under /tmp, named PREFIX.XXXXXXXX. */
  tempDir: string | null;
}

export function readTrace(stderr: string, prefix: string): ReadTrace {
  const programs = new Set<string>();
  const writes: string[] = [];
  let tempDir: string | null = null;
  const mkdir = new RegExp(`mkdir(?:at)?\\((?:AT_FDCWD, )?"(/tmp/${prefix}\\.[A-Za-z0-9]+)"`);
  for (const line of stderr.split('\n')) {
    const exec = /execve\("([^"]+)"/.exec(line);
    if (exec && !/= -1 ENOENT/.test(line)) programs.add(exec[1]!.split('/').at(-1)!);
    const mk = mkdir.exec(line);
    if (mk) tempDir = mk[1]!;
    const open = /\bopen(?:at)?\((?:[^,]+, )?"([^"]+)", ([A-Z_|]+)/.exec(line);
    if (open && /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/.test(open[2]!)) writes.push(open[1]!);
    const other =
      /\b(creat|unlink|unlinkat|rename|renameat2?|mkdir|mkdirat|rmdir|chmod|fchmodat|chown|fchownat|lchown|truncate|link|linkat|symlink|symlinkat|mknod|mknodat|utimensat)\((.*)$/.exec(
        line,
      );
    if (other) writes.push(`${other[1]}(${other[2]}`);
  }
  return { programs, writes, tempDir };
}
