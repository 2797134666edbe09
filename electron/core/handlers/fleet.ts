import { AppFailure } from '../../../shared/result.ts';
import { LogsSchema } from '../../../shared/protocol/v1.ts';
import type { CoreContext } from '../context.ts';
import { LineageHistory } from '../conversions/lineage.ts';
import type { Handlers } from '../dispatch.ts';

const DAY = 86_400_000;

export function fleetHandlers({ poller, history, pollState, clock, sites, audit, actions, store }: CoreContext) {
  // A converted school's timeline goes back past its conversion.
  const links = store.siteLinks;
  const lineage = new LineageHistory(history, () => links.links());
  return {
    'fleet.snapshot': () => poller.snapshot(),
    'site.detail': async ({ id }) => ({
      site: await sites.get(id),
      status: poller.status(id),
      agent: poller.lastAgentStatus(id),
      config: await pollState.config(id),
      pollIntervalS: Math.round(poller.intervalMs(id) / 1000),
    }),
    'site.timeline': async ({ id, days }) => {
      await sites.get(id);
      const now = clock.now();
      return lineage.timeline(id, now - days * DAY, now);
    },
    'site.logs': async ({ id, tail }, { actor }) => LogsSchema.parse((await actions.runNow({ kind: 'logs', tail }, id, actor)).data),
    'poll.now': async ({ ids }) => {
      const polled = await poller.pollNow(ids);
      return { polled, statuses: ids && ids.length <= 100 ? ids.filter((id) => poller.tracks(id)).map((id) => poller.status(id)) : [] };
    },
    'poll.pause': () => {
      poller.pause();
      return { paused: true };
    },
    'poll.resume': () => {
      poller.resume();
      return { paused: false };
    },
    'hostkey.approve': async ({ id, fingerprint }, { actor }) => {
      const site = await sites.get(id);
      if (site.archivedAt) throw new AppFailure('conflict', `${site.name} has been removed: restore it to approve its host key`);
      const status = await poller.approveHostKey(id, fingerprint, actor);
      await audit.record({ at: clock.now(), actor, action: 'hostkey.approve', siteId: id, target: site.name, detail: { fingerprint }, outcome: 'ok' });
      return status;
    },
  } satisfies Partial<Handlers>;
}
