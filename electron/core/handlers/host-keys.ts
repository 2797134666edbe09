import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function hostKeyHandlers({ hostKeys }: CoreContext) {
  return {
    'hostkeys.waiting': () => hostKeys.waiting(),
    'hostkeys.decide': async ({ decision, items }, { actor }) => ({ outcomes: (await hostKeys.decide(decision, items, actor)).outcomes }),
    'hostkeys.checkKnownHosts': ({ uploadId }, { actor }) => hostKeys.checkKnownHosts(uploadId, actor),
  } satisfies Partial<Handlers>;
}
