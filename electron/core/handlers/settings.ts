import type { Settings } from '../../../shared/settings.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function settingsHandlers({ settings, poller, pollState, sites, clock, audit, events }: CoreContext) {
  return {
    'settings.get': () => settings.all(),
    'settings.update': ({ patch }, { actor }) => {
      for (const [key, value] of Object.entries(patch) as [keyof Settings, Settings[keyof Settings]][]) settings.set(key, value);
      poller.reloadSettings();
      audit.record({ at: clock.now(), actor, action: 'settings.update', siteId: null, target: Object.keys(patch).join(', '), detail: patch, outcome: 'ok' });
      return settings.all();
    },
    'alerts.mute': ({ siteId, muted }, { actor }) => {
      if (siteId === undefined) settings.set('notifications', { muted });
      else {
        sites.get(siteId);
        const p = pollState.poll(siteId);
        pollState.setPollSettings(siteId, { intervalS: p.intervalS, credentialId: p.credentialId, alertsMuted: muted });
        events.emit('fleet.changed', { statuses: [poller.status(siteId)] });
      }
      audit.record({ at: clock.now(), actor, action: muted ? 'alerts.mute' : 'alerts.unmute', siteId: siteId ?? null, target: siteId === undefined ? 'all sites' : null, detail: {}, outcome: 'ok' });
      return { muted };
    },
    'maintenance.add': ({ siteId, startsAt, endsAt, reason }, { actor }) => {
      if (siteId !== null) sites.get(siteId);
      const id = pollState.addMaintenance({ siteId, startsAt, endsAt, reason, createdBy: actor, createdAt: clock.now() });
      audit.record({ at: clock.now(), actor, action: 'maintenance.add', siteId, target: reason, detail: { startsAt, endsAt }, outcome: 'ok' });
      return { id };
    },
  } satisfies Partial<Handlers>;
}
