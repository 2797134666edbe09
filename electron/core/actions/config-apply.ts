// Config apply: the agent replaces its config with the one sent, but only if its live config
// is still the one seen at the preview (`--expect`, compare-and-swap), keeps a backup, restarts
// and checks it can reach its MIS and endpoint. Verified when the agent reports the new hash
// with the service running. Rollouts send it; a person never types a config into it.
import type { ActionType } from './action-type.ts';

export const configApplyAction: ActionType<'config-apply'> = {
  kind: 'config-apply',
  label: 'Apply config',
  pastTense: 'Config applied',
  changesSchool: true,
  perSiteHourly: null,
  describe: (p) => `Apply config ${p.toHash.slice(0, 15)}… if the live config is still ${p.expectHash.slice(0, 15)}… (agent verb: config apply --expect)`,
  expectedEffect: () => 'The agent backs up its config, writes the new one, restarts the service and checks its MIS and endpoint',
  request: (p) => ({ verb: 'config-apply', expectHash: p.expectHash, config: p.config }),
  verify: (p, after) => {
    if (after.config.hash !== p.toHash) return 'not-cleared';
    if (after.service.state === 'starting') return 'pending';
    return after.service.state === 'running' ? 'cleared' : 'not-cleared';
  },
};
