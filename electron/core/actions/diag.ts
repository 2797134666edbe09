// Diagnostics: the agent's own checks (MIS, endpoint, disk, clock …). Read-only.
import type { ActionType } from './action-type.ts';

export const diagAction: ActionType<'diag'> = {
  kind: 'diag',
  label: 'Run diagnostics',
  pastTense: 'Diagnostics run',
  changesSchool: false,
  perSiteHourly: null,
  describe: () => "Run the agent's diagnostic checks (agent verb: diag)",
  expectedEffect: () => 'Nothing changes at the school; each check shows passed or failed with its detail',
  request: () => ({ verb: 'diag' }),
  verify: () => null,
};
