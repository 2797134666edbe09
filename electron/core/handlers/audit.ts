import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function auditHandlers({ auditTrail, clock }: CoreContext) {
  return {
    'audit.list': (filter) => auditTrail.page(filter),
    'audit.verify': ({ checkpoint }) => auditTrail.verify(checkpoint ?? null),
    'audit.export': async ({ format, filter }) => ({
      ...(await auditTrail.export(format, filter)),
      filename: `b2b-audit-${new Date(clock.now()).toISOString().slice(0, 10)}.${format}`,
    }),
  } satisfies Partial<Handlers>;
}
