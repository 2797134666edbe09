import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { TermImport } from '../calendar/term-import.ts';

export function calendarHandlers(ctx: CoreContext) {
  const terms = new TermImport(ctx);
  return {
    'calendar.previewImport': ({ uploadId }) => terms.preview(uploadId),
    'calendar.applyImport': ({ uploadId, basis }, context) => terms.apply(uploadId, basis, context),
  } satisfies Partial<Handlers>;
}
