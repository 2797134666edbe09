// Adds many sites at once (a simulator's sites file, the demo fleet, later a GIAS
// extract), each with its host key pinned when the source vouches for it. All or
// nothing: one bad row rejects the batch with a message naming the row.
import { z } from 'zod';
import { AppFailure, fieldErrors } from '../../../shared/result.ts';
import { SiteInputSchema, type Site, type SiteFields } from '../../../shared/site.ts';
import type { Store } from '../store/store.ts';

export const ImportEntrySchema = SiteInputSchema.and(
  z.object({ hostKeyFingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/).nullable().optional() }),
);
export type ImportEntry = z.input<typeof ImportEntrySchema>;

export interface ImportDeps {
  store: Store;
  now: () => number;
}

export function importSites(deps: ImportDeps, entries: readonly unknown[], opts: { demo?: boolean; approvedBy: string }): Promise<Site[]> {
  const parsed: { fields: SiteFields; fingerprint: string | null }[] = entries.map((raw, i) => {
    const r = ImportEntrySchema.safeParse(raw);
    if (!r.success) {
      const [field, message] = Object.entries(fieldErrors(r.error))[0] ?? ['_', 'invalid'];
      const name = typeof raw === 'object' && raw !== null && 'name' in raw ? ` (${String(raw.name)})` : '';
      throw new AppFailure('validation', `Row ${i + 1}${name}: ${field} — ${message}. Nothing was imported.`);
    }
    const { hostKeyFingerprint, ...fields } = r.data;
    return { fields, fingerprint: hostKeyFingerprint ?? null };
  });
  return deps.store.withTransaction(async ({ sites, pollState }) => {
    const created: Site[] = [];
    for (const { fields, fingerprint } of parsed) {
      const site = await sites.create(fields, { demo: opts.demo ?? false });
      if (fingerprint) await pollState.approveHostKey(site.id, fingerprint, deps.now(), opts.approvedBy);
      created.push(site);
    }
    return created;
  });
}
