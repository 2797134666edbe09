// Logs: the agent's log tail. Read-only: nothing to verify, no rate limit.
import type { ActionType } from './action-type.ts';

export const logsAction: ActionType<'logs'> = {
  kind: 'logs',
  label: 'Fetch logs',
  pastTense: 'Logs fetched',
  changesSchool: false,
  perSiteHourly: null,
  describe: ({ tail }) => `Fetch the last ${tail} lines of the agent's log (agent verb: logs --tail ${tail})`,
  expectedEffect: () => 'Nothing changes at the school; the log lines appear here',
  request: ({ tail }) => ({ verb: 'logs', tail }),
  verify: () => null,
};
