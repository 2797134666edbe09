import { useCallback, useEffect, useState } from 'react';
import type { AnyIncident } from '../../../../shared/incidents.ts';
import { useApi } from '../../api/api-context.tsx';

/** This site's incidents, newest first, refreshed whenever anyone changes an incident. */
export function useSiteIncidents(siteId: number) {
  const api = useApi();
  const [incidents, setIncidents] = useState<AnyIncident[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      api.call('incidents.list', { siteId, state: 'all', limit: 50 }).then((r) => {
        if (r.ok) {
          setIncidents(r.data);
          setError(null);
        } else setError(r.error.message);
      }),
    [api, siteId],
  );
  useEffect(() => {
    void reload();
    return api.on('incidents.changed', () => void reload());
  }, [api, reload]);
  return { incidents, error, reload };
}
