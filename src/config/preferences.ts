// User preferences, kept by conf in ~/.config/hapilot/config.json: the last cluster file used,
// the refresh interval and the theme. Never secrets and never cluster facts: what is in here can
// be lost or shared without consequence.
import Conf, { type Schema } from 'conf';

export type Theme = 'auto' | 'color' | 'mono';

export interface Preferences {
  /** Absolute path of the cluster file opened last, offered when --cluster is not given. */
  lastCluster?: string;
  /** Seconds between probe rounds in the console. */
  refreshSeconds: number;
  theme: Theme;
}

const schema: Schema<Preferences> = {
  lastCluster: { type: 'string' },
  refreshSeconds: { type: 'number', minimum: 1, maximum: 3600, default: 2 },
  theme: { type: 'string', enum: ['auto', 'color', 'mono'], default: 'auto' },
};

export interface PreferenceStore {
  get<K extends keyof Preferences>(key: K): Preferences[K];
  set<K extends keyof Preferences>(key: K, value: Preferences[K]): void;
  readonly path: string;
}

/** The store; HAPILOT_CONFIG_DIR overrides the folder (tests, or a shared jump host). */
export function openPreferences(dir = process.env.HAPILOT_CONFIG_DIR): PreferenceStore {
  const conf = new Conf<Preferences>({
    projectName: 'hapilot',
    projectSuffix: '',
    ...(dir ? { cwd: dir } : {}),
    schema,
    // A hand-edited mistake should be reported, not silently wiped.
    clearInvalidConfig: false,
    configFileMode: 0o600,
  });
  return {
    get: (key) => conf.get(key) as never,
    set: (key, value) => conf.set(key as string, value),
    path: conf.path,
  };
}
