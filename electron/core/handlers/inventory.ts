import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { InventoryService } from '../inventory/inventory-service.ts';

export function inventoryHandlers(ctx: CoreContext) {
  const inventory = new InventoryService({ store: ctx.store, credentials: ctx.credentials, uploads: ctx.uploads, clock: ctx.clock, events: ctx.events });
  return {
    'inventory.export': () => inventory.export(),
    'inventory.preview': ({ uploadId }) => inventory.preview(uploadId),
    'inventory.apply': ({ uploadId, seen }, context) => inventory.apply(uploadId, seen, context),
    'inventory.bulkPreview': ({ edit }) => inventory.bulkPreview(edit),
    'inventory.bulkApply': ({ edit, seen }, context) => inventory.bulkApply(edit, seen, context),
  } satisfies Partial<Handlers>;
}
