// Alerts for new incidents: a desktop notification and an in-app toast, one per fleet
// incident or per site incident that was not grouped (the core decides which), unless muted.
import { useEffect } from 'react';
import type { EventOf } from '../../../shared/contract.ts';
import { VERDICT_LABELS } from '../../../shared/health/verdict.ts';
import type { ApiClient } from '../api/client.ts';
import { useApi } from '../api/api-context.tsx';
import { navigate, siteRoute, type Route } from './router.ts';
import { useToast } from './toasts.tsx';

type Notice = EventOf<'incident.notify'>;

export function describeNotice(n: Notice): { title: string; body: string; route: Route; tag: string } {
  if (n.kind === 'fleet') {
    const i = n.incident;
    return { title: `Fleet incident: ${i.openSiteCount} of ${i.fleetSize} sites`, body: i.title, route: { view: 'triage' }, tag: `fleet-${i.id}` };
  }
  const i = n.incident;
  return { title: `${VERDICT_LABELS[i.verdict]}: ${i.siteName}`, body: i.title, route: siteRoute(i.siteId), tag: `site-${i.id}` };
}

/** Asks for permission; browsers only allow that from a click or key press. */
export function requestDesktopAlerts(): void {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission();
}

function showDesktop(d: ReturnType<typeof describeNotice>): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const n = new Notification(d.title, { body: d.body, tag: d.tag });
  n.onclick = () => {
    window.focus();
    navigate(d.route);
  };
}

async function isMuted(api: ApiClient): Promise<boolean> {
  // Read at alert time: the Settings view may have changed it since we last looked.
  const r = await api.call('settings.get', {});
  return r.ok && r.data.notifications.muted;
}

export function useIncidentAlerts(): void {
  const api = useApi();
  const toast = useToast();
  useEffect(
    () =>
      api.on('incident.notify', (n) => {
        void isMuted(api).then((muted) => {
          if (muted) return;
          const d = describeNotice(n);
          showDesktop(d);
          toast({ tone: 'bad', title: d.title, body: d.body, action: { label: 'Open', run: () => navigate(d.route) } });
        });
      }),
    [api, toast],
  );
}
