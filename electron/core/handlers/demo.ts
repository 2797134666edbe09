import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function demoHandlers({ demo }: CoreContext) {
  return {
    'demo.start': async () => ({ sites: await demo.start() }),
    'demo.stop': async () => ({ removed: await demo.stop() }),
  } satisfies Partial<Handlers>;
}
