// The rollout service's view of the rest of the core: the poller's connections and
// statuses, the config service, the audit trail and settings.
import type { CoreContext } from '../context.ts';
import { isSetUp } from '../../../shared/site.ts';
import { cannotReach } from '../actions/decide.ts';
import type { RolloutRepo } from '../store/store.ts';
import type { ConfigService } from './config-service.ts';
import type { RolloutWorld } from './rollout-service.ts';

type Parts = Pick<CoreContext, 'clock' | 'log' | 'events' | 'sites' | 'pollState' | 'credentials' | 'poller' | 'audit' | 'settings'> & { config: ConfigService; repo: RolloutRepo };

export function rolloutWorld(p: Parts): RolloutWorld {
  return {
    clock: p.clock,
    log: p.log,
    events: p.events,
    repo: p.repo,
    config: p.config,
    connect: (siteId, signal) => p.poller.connect(siteId, signal),
    pollNow: async (siteId) => {
      await p.poller.pollNow([siteId]);
    },
    verdict: (siteId) => {
      const s = p.poller.status(siteId);
      return s.polledAt === null ? null : s.verdict;
    },
    blocked: (ids) => {
      const out = new Map<number, string | null>();
      for (const site of p.sites.list()) {
        if (!ids.has(site.id)) continue;
        const poll = p.pollState.poll(site.id);
        out.set(
          site.id,
          cannotReach({
            setUp: isSetUp(site),
            hostkeyApproved: poll.hostkeyApproved !== null,
            hostkeyChanged: p.poller.status(site.id).hostKey.state === 'changed',
            hasCredential: (poll.credentialId ?? p.credentials.idOf(site.demo ? 'demo' : 'default')) !== null,
          }),
        );
      }
      return out;
    },
    audit: (e) => p.audit.record({ at: p.clock.now(), ...e }),
    concurrency: () => p.settings.get('actions').concurrency,
  };
}
