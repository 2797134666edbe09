import { AppFailure } from '../../../shared/result.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';
import { runVerb } from '../ssh/agent-client.ts';

const DAY = 86_400_000;

export function fleetHandlers({ poller, history, pollState, clock, sites, audit, credentials }: CoreContext) {
  return {
    'fleet.snapshot': () => poller.snapshot(),
    'site.detail': ({ id }) => ({
      site: sites.get(id),
      status: poller.status(id),
      agent: poller.lastAgentStatus(id),
      config: pollState.config(id),
      pollIntervalS: Math.round(poller.intervalMs(id) / 1000),
    }),
    'site.timeline': ({ id, days }) => {
      sites.get(id);
      const now = clock.now();
      return history.timeline(id, now - days * DAY, now);
    },
    'site.logs': async ({ id, tail }, { actor }) => {
      const site = sites.get(id);
      if (site.archivedAt) throw new AppFailure('conflict', `${site.name} has been removed: restore it to reach its agent`);
      const poll = pollState.poll(id);
      const credentialId = poll.credentialId ?? credentials.idOf(site.demo ? 'demo' : 'default');
      const credential = credentialId === null ? null : await credentials.get(credentialId);
      if (!credential) throw new AppFailure('unavailable', 'No SSH key is set up for this site');
      const acquired = await poller.pool.acquire(id, { target: { host: site.host, port: site.port, username: site.user }, credentials: credential, pinnedFingerprint: poll.hostkeyApproved }, AbortSignal.timeout(30_000));
      if (!acquired.ok) throw new AppFailure('unavailable', `Could not reach the agent: ${acquired.failure.message}`);
      const out = await runVerb(acquired.runner, { verb: 'logs', tail }, { timeoutMs: 20_000 }).finally(acquired.release);
      audit.record({ at: clock.now(), actor, action: 'logs', siteId: id, target: site.name, detail: { tail }, outcome: out.ok ? (out.answer.ok ? 'ok' : out.answer.error.code) : out.failure.kind });
      if (!out.ok) throw new AppFailure('unavailable', `Could not fetch logs: ${out.failure.message}`);
      if (!out.answer.ok) throw new AppFailure('unavailable', `The agent refused: ${out.answer.error.code} ${out.answer.error.message}`);
      return out.answer.data;
    },
    'poll.now': async ({ ids }) => ({ polled: await poller.pollNow(ids) }),
    'poll.pause': () => {
      poller.pause();
      return { paused: true };
    },
    'poll.resume': () => {
      poller.resume();
      return { paused: false };
    },
    'hostkey.approve': ({ id, fingerprint }, { actor }) => {
      const site = sites.get(id);
      if (site.archivedAt) throw new AppFailure('conflict', `${site.name} has been removed: restore it to approve its host key`);
      const status = poller.approveHostKey(id, fingerprint, actor);
      audit.record({ at: clock.now(), actor, action: 'hostkey.approve', siteId: id, target: site.name, detail: { fingerprint }, outcome: 'ok' });
      return status;
    },
  } satisfies Partial<Handlers>;
}
