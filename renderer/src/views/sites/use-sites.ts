import { useCallback, useEffect, useState } from 'react';
import type { Site } from '../../../../shared/site.ts';
import { useApi } from '../../api/api-context.tsx';

/** The register, kept current by the core's push events. */
export function useSites() {
  const api = useApi();
  const [sites, setSites] = useState<Site[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      api.call('sites.list', {}).then((r) => {
        if (r.ok) {
          setSites(r.data);
          setError(null);
        } else setError(r.error.message);
      }),
    [api],
  );

  useEffect(() => {
    void reload();
    return api.on('sites.changed', () => void reload());
  }, [api, reload]);

  return { sites, error, reload };
}
