import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function rolloutHandlers({ rollouts }: CoreContext) {
  return {
    'rollouts.plan': (req, { actor }) => rollouts.plan(req, actor),
    'rollouts.discard': async ({ id }) => ({ discarded: await rollouts.discard(id) }),
    'rollouts.start': ({ id, confirmCount }, { actor }) => rollouts.begin(id, confirmCount, actor),
    'rollouts.list': ({ limit }) => rollouts.list(limit),
    'rollouts.get': ({ id }) => rollouts.detail(id),
    'rollouts.diffs': ({ id, summary, offset, limit }) => rollouts.diffs(id, summary ?? null, offset, limit),
    'rollouts.pause': ({ id }, { actor }) => rollouts.pause(id, actor),
    'rollouts.resume': ({ id }, { actor }) => rollouts.resume(id, actor),
    'rollouts.abort': ({ id, rollBack }, { actor }) => rollouts.abort(id, rollBack, actor),
    'rollouts.approve': ({ id, typed }, { actor }) => rollouts.approve(id, typed, actor),
    'rollouts.report': ({ id }) => rollouts.report(id),
  } satisfies Partial<Handlers>;
}
