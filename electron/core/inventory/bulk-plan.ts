// A bulk edit of a fleet table selection: per selected site, what changes. Pure.
import type { BulkEdit, BulkPreview } from '../../../shared/inventory.ts';
import { decideChange, halfSetUp, untouchable, type Reach, type SiteFacts } from './site-change.ts';

export interface BulkPlan extends BulkPreview {
  after: Map<number, Reach>;
}

/** `sites` are the selected sites as read; ids in the edit that are not among them were deleted meanwhile. */
export function planBulkEdit(edit: BulkEdit, sites: ReadonlyMap<number, SiteFacts>): BulkPlan {
  const plan: BulkPlan = { changes: [], unchanged: 0, skipped: [], after: new Map() };
  const removing = new Set(edit.removeTags);
  for (const id of new Set(edit.siteIds)) {
    const facts = sites.get(id);
    if (!facts) {
      plan.skipped.push({ siteId: id, name: `site ${id}`, reason: 'no longer in the register' });
      continue;
    }
    const refused = untouchable(facts);
    if (refused) {
      plan.skipped.push({ siteId: id, name: facts.site.name, reason: refused });
      continue;
    }
    // Removing wins over adding the same tag: the person asked for it gone.
    const tags = [...facts.site.tags, ...edit.addTags].filter((t) => !removing.has(t));
    const decided = decideChange(facts, { port: edit.port, user: edit.user, credential: edit.credential, area: edit.area, tags });
    const half = decided && halfSetUp(decided.after);
    if (half) plan.skipped.push({ siteId: id, name: facts.site.name, reason: `not set up yet: give it a host in the host inventory first (${half})` });
    else if (!decided) plan.unchanged += 1;
    else {
      plan.changes.push(decided.change);
      plan.after.set(id, decided.after);
    }
  }
  return plan;
}
