// Which cluster file a command works on: --cluster FILE, else the one used last (a preference),
// else a clear usage error. A file with problems is reported whole, with lines and fields.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ClusterFileError, loadClusterFile, type LoadedCluster } from '../config/load-cluster.js';
import { openPreferences } from '../config/preferences.js';
import { UsageError } from './errors.js';

export function loadClusterFor(option: string | undefined): LoadedCluster {
  let prefs: ReturnType<typeof openPreferences> | null = null;
  try {
    prefs = openPreferences();
  } catch (e) {
    // A broken preferences file must not stop an operator from working: say so, go on without it.
    process.stderr.write(`hapilot: ignoring preferences: ${e instanceof Error ? e.message : String(e)}\n`);
  }
  const file = option ?? prefs?.get('lastCluster');
  if (!file) throw new UsageError('no cluster file: pass --cluster FILE (commented examples are in config/)');
  if (!option && !existsSync(file)) throw new UsageError(`the cluster file used last, ${file}, is gone: pass --cluster FILE`);
  let loaded: LoadedCluster;
  try {
    loaded = loadClusterFile(file);
  } catch (e) {
    if (e instanceof ClusterFileError) throw new UsageError(e.message);
    throw e;
  }
  try {
    prefs?.set('lastCluster', path.resolve(file));
  } catch {
    /* a read-only home is no reason to fail */
  }
  return loaded;
}
