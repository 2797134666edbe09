// Rows a store contract case needs from areas it does not test (every backend may not have
// them yet): written with plain SQL that both backends accept.
import type { OpenedStore } from './store-backends.ts';

export interface SeedSite {
  area?: string | null;
  phase?: string | null;
  type_group?: string | null;
}

/** Set-up sites (URNs 100001 on, named "School 1" on); their ids in order. */
export async function seedSites(store: OpenedStore, fields: readonly SeedSite[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, f] of fields.entries()) {
    const [row] = await store.raw(
      `INSERT INTO sites (urn, name, host, "user", area, phase, type_group, created_at, updated_at)
       VALUES (?, ?, '127.0.0.1', 'b2b', ?, ?, ?, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z') RETURNING id`,
      [100001 + i, `School ${i + 1}`, f.area ?? null, f.phase ?? null, f.type_group ?? null],
    );
    ids.push(Number(row?.id));
  }
  return ids;
}
