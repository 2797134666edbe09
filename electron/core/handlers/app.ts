import type { Handlers } from '../dispatch.ts';
import type { CoreContext } from '../context.ts';

export function appHandlers({ options, sites }: CoreContext) {
  return {
    'app.info': async (_req, { actor }) => ({ version: options.version, mode: options.mode, dataDir: options.dataDir, demo: (await sites.count(true)) > 0, operator: actor }),
  } satisfies Partial<Handlers>;
}
