import { describe, expect, it } from 'vitest';
import { fail, type Result } from '../../../shared/result.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/settings.ts';
import { TilePolicy } from '../../../electron/main/tile-policy.ts';

const answer = (map: Settings['map']): Result<unknown> => ({ ok: true, data: { ...DEFAULT_SETTINGS, map } });

describe("main's copy of the tile template", () => {
  it('starts on the default tiles and follows settings answers', () => {
    const policy = new TilePolicy();
    expect(policy.template).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(policy.observe('settings.get', answer({ tiles: 'osm', osApiKey: null }))).toBe(false);
    expect(policy.observe('settings.update', answer({ tiles: 'os', osApiKey: 'k1' }))).toBe(true);
    expect(policy.template).toMatch(/^https:\/\/api\.os\.uk\/.*key=k1$/);
    // A new key on the same host needs no new policy.
    expect(policy.observe('settings.update', answer({ tiles: 'os', osApiKey: 'k2' }))).toBe(false);
    expect(policy.observe('settings.update', answer({ tiles: 'none', osApiKey: null }))).toBe(true);
    expect(policy.template).toBeNull();
  });

  it('ignores other channels, failures and answers that are not settings', () => {
    const policy = new TilePolicy();
    const before = policy.template;
    expect(policy.observe('sites.list', answer({ tiles: 'none', osApiKey: null }))).toBe(false);
    expect(policy.observe('settings.update', fail('validation', 'bad'))).toBe(false);
    expect(policy.observe('settings.get', { ok: true, data: { map: { tiles: 'none' } } })).toBe(false);
    expect(policy.template).toBe(before);
  });
});
