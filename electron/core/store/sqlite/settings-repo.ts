// Console-wide settings: each key has a zod schema and a default, so a bad stored
// value falls back to the default with a log line instead of breaking polling.
import { DEFAULT_SETTINGS, type SettingKey, type Settings } from '../../../../shared/settings.ts';
import { allSettings, checkSetting, readSetting, type OnBadSetting } from '../settings-values.ts';
import type { Db } from './db.ts';

export { DEFAULT_SETTINGS, type Settings, type SettingKey };

export class SettingsRepo {
  readonly #get;
  readonly #all;
  readonly #put;
  readonly #onBadValue: OnBadSetting;

  constructor(db: Db, onBadValue: OnBadSetting = () => undefined) {
    this.#get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.#all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.#put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#onBadValue = onBadValue;
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return readSetting(key, this.#get.get(key)?.value, this.#onBadValue);
  }

  all(): Settings {
    return allSettings(new Map(this.#all.all().map((r) => [r.key, r.value])), this.#onBadValue);
  }

  set<K extends SettingKey>(key: K, value: Settings[K]): Settings[K] {
    const parsed = checkSetting(key, value);
    this.#put.run(key, JSON.stringify(parsed));
    return parsed;
  }
}
