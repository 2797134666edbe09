// Restart: the agent restarts the B2B service. Verified when the service reports running
// and has stayed up since the restart (a crash loop that comes back is not cleared).
import type { ActionType } from './action-type.ts';

export const restartAction: ActionType<'restart'> = {
  kind: 'restart',
  label: 'Restart',
  pastTense: 'Restarted',
  changesSchool: true,
  perSiteHourly: 3,
  describe: () => 'Restart the B2B service on the school server (agent verb: restart)',
  expectedEffect: () => 'The service stops and starts again; a crash loop or a hung transfer should clear within a poll or two',
  request: () => ({ verb: 'restart' }),
  verify: (_params, after) => {
    switch (after.service.state) {
      case 'running':
        return 'cleared';
      case 'starting':
        return 'pending';
      default:
        return 'not-cleared';
    }
  },
};
