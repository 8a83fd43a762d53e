// Reading the operator's own files (the cluster file, procedure files): only regular files, only
// up to a size a hand-written file never reaches, never one that anyone on the machine may
// rewrite, and every refusal said in words with the file's name. The size is checked before a
// byte is parsed: a 30 MB file once took 1.2 GB of memory to parse.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { formatBytes } from '../format/units.js';

/** The largest cluster file or procedure file read (a real one is a few KiB). */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Why a file was not read, in words (the caller adds the file and what it is for). */
export class UnreadableFile extends Error {
  override name = 'UnreadableFile';
}

/** The text of a file, or UnreadableFile saying why not. */
export function readOperatorFile(file: string, maxBytes = MAX_FILE_BYTES): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UnreadableFile(errnoText(e));
  }
  try {
    const st = fstatSync(fd);
    const bad = notRegular(st) ?? worldWritable(st, 'file');
    if (bad) throw new UnreadableFile(bad);
    if (st.size > maxBytes) throw new UnreadableFile(tooLarge(st.size, maxBytes));
    // Read at most one byte more than allowed: a file that grew since fstat is still bounded.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, null);
      if (n === 0) break;
      got += n;
      if (got === buf.length) {
        if (got > maxBytes) throw new UnreadableFile(tooLarge(got, maxBytes, 'at least '));
        break;
      }
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, got));
    } catch {
      throw new UnreadableFile('not UTF-8 text (a binary file?)');
    }
  } catch (e) {
    throw e instanceof UnreadableFile ? e : new UnreadableFile(errnoText(e));
  } finally {
    closeSync(fd);
  }
}

/** Why a folder of the operator's files cannot be used, or null when it can. */
export function folderProblem(dir: string): string | null {
  let st: Stats;
  try {
    st = statSync(dir);
  } catch (e) {
    return errnoText(e);
  }
  if (!st.isDirectory()) return 'not a folder';
  return worldWritable(st, 'folder');
}

/** Why a file named in a cluster file cannot be used (missing, not a regular file), or null when it can. */
export function fileProblem(file: string): string | null {
  try {
    return notRegular(statSync(file));
  } catch (e) {
    return errnoText(e);
  }
}

function notRegular(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a folder, not a file';
  if (st.isFIFO()) return 'a pipe (FIFO), not a regular file';
  if (st.isSocket()) return 'a socket, not a regular file';
  return 'a device, not a regular file';
}

// Anyone on the machine could change what hapilot runs as root on the nodes (OpenSSH refuses a
// config file writable by others for the same reason).
function worldWritable(st: Stats, what: 'file' | 'folder'): string | null {
  return st.mode & 0o002
    ? `the ${what} is writable by every user of this machine (mode ${(st.mode & 0o7777).toString(8)}); refused: run chmod o-w on it`
    : null;
}

function tooLarge(size: number, max: number, prefix = ''): string {
  return `the file is ${prefix}${formatBytes(size)} (${size} bytes); the limit is ${formatBytes(max)}: is this really the file meant?`;
}

function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or folder (or a symbolic link to nothing)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return err.code ? `${err.code}: ${err.message}` : String(e);
  }
}
