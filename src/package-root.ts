// Where the installed package's own files are (package.json, procedures/): found from this
// module's location by walking up to the nearest package.json, so the answer is the same when
// running from src/ (tsx in the tests) and from dist/, whose bundled chunks sit at one depth.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`hapilot: no package.json above ${from}: the installation is incomplete`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));
