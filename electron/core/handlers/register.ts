import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { GiasImport } from '../register/gias-import.ts';

export function registerHandlers(ctx: CoreContext) {
  const gias = new GiasImport(ctx);
  return {
    'register.previewGias': (req) => gias.preview(req),
    'register.applyGias': ({ previewId }, context) => gias.apply(previewId, context),
    'register.placeByPostcode': ({ id }, context) => gias.placeByPostcode(id, context),
  } satisfies Partial<Handlers>;
}
