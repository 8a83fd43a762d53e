// A scratch folder for a test's files, removed afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Scratch {
  dir: string;
  /** Writes `name` in the folder and returns its path. */
  file(name: string, text: string | Buffer): string;
  cleanup(): void;
}

export function scratch(prefix = 'hapilot-test-'): Scratch {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const f = path.join(dir, name);
      writeFileSync(f, text);
      return f;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
