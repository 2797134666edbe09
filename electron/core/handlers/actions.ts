import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function actionHandlers({ actions, journal }: CoreContext) {
  return {
    'actions.preview': (req) => actions.preview(req),
    'actions.start': (req, { actor }) => actions.start(req, actor),
    'actions.cancelRun': ({ runId }, { actor }) => actions.cancelRun(runId, actor),
    'actions.cancel': ({ actionId }, { actor }) => actions.cancelAction(actionId, actor),
    'actions.run': ({ runId }) => actions.run(runId),
    'actions.runs': ({ limit }) => journal.recentRuns(limit),
    'actions.journal': (filter) => journal.page(filter),
    'actions.queue': ({ siteId }) => (siteId === undefined ? journal.allWaiting() : journal.waitingFor(siteId)),
    'actions.effectiveness': () => journal.effectiveness(),
  } satisfies Partial<Handlers>;
}
