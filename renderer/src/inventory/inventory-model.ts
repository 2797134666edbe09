// Words and small helpers shared by the inventory import and the bulk edit.
import type { InventoryApplied, InventoryField, InventoryRow, SeenVersions, SiteChange } from '../../../shared/inventory.ts';

export const FIELD_LABELS: Record<InventoryField, string> = { host: 'Host', port: 'Port', user: 'SSH user', credential: 'Credential', tags: 'Tags', area: 'Area' };

export const seenOf = (rows: readonly InventoryRow[]): SeenVersions => rows.flatMap((r) => (r.kind === 'change' ? [{ siteId: r.change.siteId, version: r.change.version }] : []));

export const seenOfChanges = (changes: readonly SiteChange[]): SeenVersions => changes.map((c) => ({ siteId: c.siteId, version: c.version }));

export function appliedText(r: InventoryApplied): string {
  const done = `Updated ${r.applied} ${r.applied === 1 ? 'site' : 'sites'}.`;
  if (r.stale.length === 0) return done;
  return `${done} Not changed: ${r.stale.map((s) => `${s.name} (${s.reason})`).join('; ')}.`;
}

/** Tags typed in a box: separated by commas, semicolons or bars. */
export const tagsFromText = (text: string): string[] =>
  text
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
