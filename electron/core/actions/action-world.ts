// The action service's view of the rest of the core: sites, their status, the poller's
// connections, the audit trail and incidents. Kept apart so the service can be driven by
// tests with a real store and a real simulator, and nothing else.
import type { ActionKind } from '../../../shared/actions.ts';
import { isSetUp } from '../../../shared/site.ts';
import type { CoreContext } from '../context.ts';
import type { Async, JournalRepo } from '../store/store.ts';
import type { ActionWorld } from './action-service.ts';
import type { Candidate } from './decide.ts';

type Parts = Pick<CoreContext, 'clock' | 'log' | 'events' | 'sites' | 'pollState' | 'credentials' | 'poller' | 'audit' | 'settings' | 'incidentHandling' | 'incidentQueries'> & {
  journal: Async<JournalRepo>;
  owner: string;
  othersAlive: () => Promise<string[]>;
};

export function actionWorld(p: Parts): ActionWorld {
  return {
    clock: p.clock,
    log: p.log,
    events: p.events,
    journal: p.journal,
    owner: p.owner,
    othersAlive: p.othersAlive,
    candidates: async (ids, kind: ActionKind, since) => {
      const wanted = ids === 'all' ? null : new Set(ids);
      const sites = (await p.sites.list()).filter((site) => !wanted || wanted.has(site.id));
      const fallback = { demo: await p.credentials.idOf('demo'), real: await p.credentials.idOf('default') };
      const out = new Map<number, Candidate>();
      for (const site of sites) {
        const status = p.poller.status(site.id);
        const poll = await p.pollState.poll(site.id);
        out.set(site.id, {
          siteId: site.id,
          siteName: site.name,
          demo: site.demo,
          setUp: isSetUp(site),
          verdict: status.polledAt === null ? null : status.verdict,
          hostkeyApproved: poll.hostkeyApproved !== null,
          hostkeyChanged: status.hostKey.state === 'changed',
          hasCredential: (poll.credentialId ?? (site.demo ? fallback.demo : fallback.real)) !== null,
          recentOfKind: await p.journal.countSince(site.id, kind, since),
        });
      }
      return out;
    },
    connect: (siteId, signal) => p.poller.connect(siteId, signal),
    pollNow: async (siteId) => {
      await p.poller.pollNow([siteId]);
    },
    situation: (siteId) => {
      const s = p.poller.status(siteId);
      return { verdict: s.polledAt === null ? null : s.verdict, reasonCodes: s.reasons.filter((r) => r.severity !== 'info').map((r) => r.code) };
    },
    audit: async (e) => {
      await p.audit.record({ at: p.clock.now(), ...e });
    },
    noteIncident: async (siteId, at, author, text) => {
      // The incident open when the action was sent: by the time the poll that verifies it
      // is read, that same poll may have resolved it.
      const incident = (await p.incidentQueries.recentForSite(siteId, 5)).find((i) => Date.parse(i.openedAt) <= at && (i.resolvedAt === null || Date.parse(i.resolvedAt) >= at));
      if (incident) await p.incidentHandling.addNote(incident.id, { author, text });
    },
    settings: () => p.settings.get('actions'),
  };
}
