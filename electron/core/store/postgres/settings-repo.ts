// Console-wide settings on PostgreSQL: the same keys, schemas and defaults as SQLite's.
import type { SettingKey, Settings } from '../../../../shared/settings.ts';
import { allSettings, checkSetting, readSetting, type OnBadSetting } from '../settings-values.ts';
import type { PgDb } from './pg-db.ts';

export class PgSettingsRepo {
  readonly #db: PgDb;
  readonly #onBadValue: OnBadSetting;

  constructor(db: PgDb, onBadValue: OnBadSetting = () => undefined) {
    this.#db = db;
    this.#onBadValue = onBadValue;
  }

  async get<K extends SettingKey>(key: K): Promise<Settings[K]> {
    const row = await this.#db.maybeOne<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key], 'settings.get');
    return readSetting(key, row?.value, this.#onBadValue);
  }

  async all(): Promise<Settings> {
    const rows = await this.#db.query<{ key: string; value: string }>('SELECT key, value FROM settings', [], 'settings.all');
    return allSettings(new Map(rows.map((r) => [r.key, r.value])), this.#onBadValue);
  }

  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<Settings[K]> {
    const parsed = checkSetting(key, value);
    await this.#db.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(parsed)], 'settings.set');
    return parsed;
  }
}
