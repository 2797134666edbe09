import type { CoreContext } from '../context.ts';
import { ConversionService } from '../conversions/conversion-service.ts';
import type { Handlers } from '../dispatch.ts';
import { SiteLinksRepo } from '../store/site-links-repo.ts';

export function conversionHandlers(ctx: CoreContext) {
  const service = new ConversionService(ctx, new SiteLinksRepo(ctx.db));
  return {
    'conversions.preview': (files) => service.preview(files),
    'conversions.confirm': (req, context) => service.confirm(req, context),
    'site.lineage': ({ id }) => service.lineage(id),
  } satisfies Partial<Handlers>;
}
