import { readFileSync } from 'node:fs';

// Read at run time from package.json (one level above src/ and dist/), so there is one version.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
export const VERSION: string = pkg.version;
