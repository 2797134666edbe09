// Config rollback: the agent puts back the config it backed up at its last apply and
// restarts. Verified when the service runs again; which hash it went back to is in the
// answer (a rollout checks it against the hash it started from).
import type { ActionType } from './action-type.ts';

export const configRollbackAction: ActionType<'config-rollback'> = {
  kind: 'config-rollback',
  label: 'Roll back config',
  pastTense: 'Config rolled back',
  changesSchool: true,
  perSiteHourly: null,
  describe: () => 'Put back the config the agent kept at its last apply, and restart (agent verb: config rollback)',
  expectedEffect: () => 'The previous config is restored and the service restarts',
  request: () => ({ verb: 'config-rollback' }),
  verify: (_p, after) => (after.service.state === 'starting' ? 'pending' : after.service.state === 'running' ? 'cleared' : 'not-cleared'),
};
