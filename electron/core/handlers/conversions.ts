import type { CoreContext } from '../context.ts';
import { ConversionService } from '../conversions/conversion-service.ts';
import type { Handlers } from '../dispatch.ts';

export function conversionHandlers(ctx: CoreContext) {
  const service = new ConversionService(ctx, ctx.store.siteLinks);
  return {
    'conversions.preview': (files) => service.preview(files),
    'conversions.confirm': (req, context) => service.confirm(req, context),
    'site.lineage': ({ id }) => service.lineage(id),
  } satisfies Partial<Handlers>;
}
