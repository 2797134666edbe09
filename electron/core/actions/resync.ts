// Resync: the agent queues a full transfer of one dataset, or all. Verified when each
// dataset's last success moves past the moment the resync was sent.
import { DATASETS, type Dataset } from '../../../shared/protocol/v1.ts';
import type { ActionType } from './action-type.ts';

const datasetsOf = (d: Dataset | 'all'): readonly Dataset[] => (d === 'all' ? DATASETS : [d]);

export const resyncAction: ActionType<'resync'> = {
  kind: 'resync',
  label: 'Resync',
  pastTense: 'Resync queued',
  changesSchool: true,
  perSiteHourly: 6,
  describe: ({ dataset }) => `Queue a full resync of ${dataset === 'all' ? 'every dataset' : dataset} on the school server (agent verb: resync ${dataset})`,
  expectedEffect: ({ dataset }) =>
    `A full ${dataset === 'all' ? '' : `${dataset} `}transfer runs; the last success should move on within the verification window`,
  request: ({ dataset }) => ({ verb: 'resync', dataset }),
  verify: ({ dataset }, after, sentAt) => {
    let pending = false;
    for (const d of datasetsOf(dataset)) {
      const s = after.datasets[d];
      const success = s.lastSuccess ? Date.parse(s.lastSuccess) : null;
      if (success !== null && success >= sentAt) continue;
      const attempted = s.lastAttempt ? Date.parse(s.lastAttempt) : null;
      // Tried since, and failed: the resync ran and did not get through.
      if (s.result === 'failed' && attempted !== null && attempted >= sentAt) return 'not-cleared';
      pending = true;
    }
    return pending ? 'pending' : 'cleared';
  },
};
