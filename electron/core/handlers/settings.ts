import type { Settings } from '../../../shared/settings.ts';
import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function settingsHandlers({ store, settings, poller, clock, events }: CoreContext) {
  return {
    'settings.get': () => settings.all(),
    // Every key and the audit entry together, or none of them.
    'settings.update': async ({ patch }, { actor }) => {
      await store.withTransaction(async (tx) => {
        for (const [key, value] of Object.entries(patch) as [keyof Settings, Settings[keyof Settings]][]) await tx.settings.set(key, value);
        await tx.audit.record({ at: clock.now(), actor, action: 'settings.update', siteId: null, target: Object.keys(patch).join(', '), detail: patch, outcome: 'ok' });
      });
      await settings.reload();
      poller.reloadSettings();
      return settings.all();
    },
    'alerts.mute': async ({ siteId, muted }, { actor }) => {
      await store.withTransaction(async (tx) => {
        if (siteId === undefined) await tx.settings.set('notifications', { muted });
        else {
          await tx.sites.get(siteId);
          const p = await tx.pollState.poll(siteId);
          await tx.pollState.setPollSettings(siteId, { intervalS: p.intervalS, credentialId: p.credentialId, alertsMuted: muted });
        }
        await tx.audit.record({ at: clock.now(), actor, action: muted ? 'alerts.mute' : 'alerts.unmute', siteId: siteId ?? null, target: siteId === undefined ? 'all sites' : null, detail: {}, outcome: 'ok' });
      });
      if (siteId === undefined) await settings.reload();
      else {
        await poller.syncSites();
        events.emit('fleet.changed', { statuses: [poller.status(siteId)] });
      }
      return { muted };
    },
    'maintenance.add': async ({ siteId, startsAt, endsAt, reason }, { actor }) => {
      const id = await store.withTransaction(async (tx) => {
        if (siteId !== null) await tx.sites.get(siteId);
        const added = await tx.pollState.addMaintenance({ siteId, startsAt, endsAt, reason, createdBy: actor, createdAt: clock.now() });
        await tx.audit.record({ at: clock.now(), actor, action: 'maintenance.add', siteId, target: reason, detail: { startsAt, endsAt }, outcome: 'ok' });
        return added;
      });
      // The poller judges maintenance from memory: it reads the new window before answering.
      await poller.syncSites();
      return { id };
    },
  } satisfies Partial<Handlers>;
}
