// Console-wide settings as the core reads them: in memory, so a poll reads no rows. Writes go
// to the store first; a change made elsewhere (another collector, a transaction that wrote
// settings with its audit entry) is picked up with reload().
import type { SettingKey, Settings } from '../../../shared/settings.ts';
import type { Store } from '../store/store.ts';

export class SettingsService {
  readonly #store: Store;
  readonly #listeners = new Set<() => void>();
  #values: Settings;

  private constructor(store: Store, values: Settings) {
    this.#store = store;
    this.#values = values;
  }

  static async load(store: Store): Promise<SettingsService> {
    return new SettingsService(store, await store.settings.all());
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    return this.#values[key];
  }

  all(): Settings {
    return { ...this.#values };
  }

  /** Validates and stores one setting; throws (and keeps the old value) when it does not parse. */
  async set<K extends SettingKey>(key: K, value: Settings[K]): Promise<Settings[K]> {
    // Through Async<> the repo's set() loses its key-to-value generic; the repo parsed it with the key's schema.
    const stored = (await this.#store.settings.set(key, value)) as Settings[K];
    this.#values = { ...this.#values, [key]: stored };
    this.#changed();
    return stored;
  }

  /** Reads them again after this process wrote settings in a transaction, or `elsewhere` told it to. */
  async reload(opts: { elsewhere?: boolean } = {}): Promise<Settings> {
    this.#values = await this.#store.settings.all();
    if (!opts.elsewhere) this.#changed();
    return this.all();
  }

  /** Told when this process changed a setting (the change relay tells other collectors). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const l of this.#listeners) l();
  }
}
