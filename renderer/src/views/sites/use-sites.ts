import { useCallback, useEffect, useState } from 'react';
import type { Site } from '../../../../shared/site.ts';
import { useApi } from '../../api/api-context.tsx';

/** The register and its removed (archived) sites, kept current by the core's push events. */
export function useSites() {
  const api = useApi();
  const [sites, setSites] = useState<Site[] | null>(null);
  const [archived, setArchived] = useState<Site[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      Promise.all([api.call('sites.list', {}), api.call('sites.archived', {})]).then(([active, removed]) => {
        if (active.ok && removed.ok) {
          setSites(active.data);
          setArchived(removed.data);
          setError(null);
        } else setError(active.ok ? (removed.ok ? '' : removed.error.message) : active.error.message);
      }),
    [api],
  );

  useEffect(() => {
    void reload();
    return api.on('sites.changed', () => void reload());
  }, [api, reload]);

  return { sites, archived, error, reload };
}
