// Main's copy of the map's tile template, so the CSP on app:// follows the setting. The core
// owns settings; main learns them from the settings answers it relays (the renderer reads
// them on start, main asks once itself) rather than from a new event in the contract.
import type { Channel } from '../../shared/contract.ts';
import { tileImageSource, tileUrlTemplate } from '../../shared/map-tiles.ts';
import type { Result } from '../../shared/result.ts';
import { SettingsSchema } from '../../shared/settings.ts';
import { DEFAULT_TILE_TEMPLATE } from './security.ts';

export class TilePolicy {
  #template: string | null = DEFAULT_TILE_TEMPLATE;

  get template(): string | null {
    return this.#template;
  }

  /** Takes note of a relayed answer; true when the tile host changed. */
  observe(channel: Channel, result: Result<unknown>): boolean {
    if ((channel !== 'settings.get' && channel !== 'settings.update') || !result.ok) return false;
    const settings = SettingsSchema.safeParse(result.data);
    if (!settings.success) return false;
    const next = tileUrlTemplate(settings.data.map);
    const hostChanged = tileImageSource(next) !== tileImageSource(this.#template);
    this.#template = next;
    return hostChanged;
  }
}
