// One site's detail, kept live: a fleet.changed push that names this site swaps its status
// in at once (so the verdict moves within the second) and refetches the rest behind it.
// The view is keyed by site id, so a hook instance only ever serves one site.
import { useCallback, useEffect, useState } from 'react';
import type { SiteDetail } from '../../../../shared/fleet.ts';
import { useApi } from '../../api/api-context.tsx';

export interface SiteDetailState {
  detail: SiteDetail | null;
  error: string | null;
  /** Bumps on every change to this site, so panels that read history can refetch. */
  revision: number;
  reload: () => Promise<void>;
}

export function useSiteDetail(siteId: number): SiteDetailState {
  const api = useApi();
  const [detail, setDetail] = useState<SiteDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [revision, setRevision] = useState(0);

  const reload = useCallback(
    () =>
      api.call('site.detail', { id: siteId }).then((r) => {
        if (r.ok) {
          setDetail(r.data);
          setError(null);
        } else setError(r.error.message);
      }),
    [api, siteId],
  );

  useEffect(() => {
    void reload();
    return api.on('fleet.changed', ({ statuses }) => {
      const mine = statuses.find((s) => s.siteId === siteId);
      if (!mine) return;
      setDetail((d) => (d ? { ...d, status: mine } : d));
      setRevision((n) => n + 1);
      void reload();
    });
  }, [api, siteId, reload]);

  return { detail, error, revision, reload };
}
