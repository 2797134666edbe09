// The rollout service's view of the rest of the core: the poller's connections and
// statuses, the config service, the audit trail and settings.
import type { CoreContext } from '../context.ts';
import { isSetUp } from '../../../shared/site.ts';
import { cannotReach } from '../actions/decide.ts';
import type { Async, RolloutRepo, Store } from '../store/store.ts';
import type { ConfigService } from './config-service.ts';
import type { RolloutWorld } from './rollout-service.ts';

type Parts = Pick<CoreContext, 'clock' | 'log' | 'events' | 'sites' | 'pollState' | 'credentials' | 'poller' | 'audit' | 'settings'> & {
  config: ConfigService;
  repo: Async<RolloutRepo>;
  store: Pick<Store, 'withTransaction'>;
  team: Team;
};

/** This process among the collectors sharing a fleet (alone: 'console', every site, nobody else). */
export interface Team {
  owner: string;
  drives(siteId: number): boolean;
  othersAlive(): Promise<string[]>;
}

export function rolloutWorld(p: Parts): RolloutWorld {
  return {
    clock: p.clock,
    log: p.log,
    events: p.events,
    repo: p.repo,
    // Calls to p.repo inside `work` join the transaction (the store follows the async context).
    transaction: (work) => p.store.withTransaction(() => work()),
    config: p.config,
    connect: (siteId, signal) => p.poller.connect(siteId, signal),
    pollNow: async (siteId) => {
      await p.poller.pollNow([siteId]);
    },
    verdict: (siteId) => {
      const s = p.poller.status(siteId);
      return s.polledAt === null ? null : s.verdict;
    },
    blocked: async (ids) => {
      const sites = (await p.sites.list()).filter((site) => ids.has(site.id));
      const fallback = { demo: await p.credentials.idOf('demo'), real: await p.credentials.idOf('default') };
      const out = new Map<number, string | null>();
      for (const site of sites) {
        const poll = await p.pollState.poll(site.id);
        out.set(
          site.id,
          cannotReach({
            setUp: isSetUp(site),
            hostkeyApproved: poll.hostkeyApproved !== null,
            hostkeyChanged: p.poller.status(site.id).hostKey.state === 'changed',
            hasCredential: (poll.credentialId ?? (site.demo ? fallback.demo : fallback.real)) !== null,
          }),
        );
      }
      return out;
    },
    audit: async (e) => {
      await p.audit.record({ at: p.clock.now(), ...e });
    },
    concurrency: () => p.settings.get('actions').concurrency,
    owner: p.team.owner,
    drives: (siteId) => p.team.drives(siteId),
    othersAlive: () => p.team.othersAlive(),
  };
}
