// Console-wide settings: each key has a zod schema and a default, so a bad stored
// value falls back to the default with a log line instead of breaking polling.
import { DEFAULT_SETTINGS, SettingsSchema, type SettingKey, type Settings } from '../../../../shared/settings.ts';
import type { Db } from './db.ts';

export { DEFAULT_SETTINGS, type Settings, type SettingKey };

export class SettingsRepo {
  readonly #get;
  readonly #put;
  readonly #onBadValue: (key: string, message: string) => void;

  constructor(db: Db, onBadValue: (key: string, message: string) => void = () => undefined) {
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.#put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#onBadValue = onBadValue;
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return this.#read(key);
  }

  #read<K extends SettingKey>(key: K): Settings[K] {
    const row = this.#get.get(key);
    if (!row) return DEFAULT_SETTINGS[key];
    const parsed = SettingsSchema.shape[key].safeParse(JSON.parse(row.value));
    if (parsed.success) return parsed.data as Settings[K];
    this.#onBadValue(key, parsed.error.issues[0]?.message ?? 'invalid');
    return DEFAULT_SETTINGS[key];
  }

  all(): Settings {
    const out = {} as Record<SettingKey, unknown>;
    for (const key of Object.keys(DEFAULT_SETTINGS) as SettingKey[]) out[key] = this.get(key);
    return out as Settings;
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): Settings[K] {
    const parsed = SettingsSchema.shape[key].parse(value) as Settings[K];
    this.#put.run(key, JSON.stringify(parsed));
    return parsed;
  }
}
