// A site's config as the console sees it (config.site): live with when it was read, desired
// with the layer behind each setting, the diff and the state; re-read when the core says
// this site's config moved. null while the core has no answer (or no config support yet).
import { useCallback } from 'react';
import type { SiteConfigView } from '../../../../shared/contract.ts';
import { useApi } from '../../api/api-context.tsx';
import { useLive, type LiveData } from '../../components/use-live.ts';

export function useSiteConfig(siteId: number): LiveData<SiteConfigView> {
  const api = useApi();
  const read = useCallback(() => api.call('config.site', { id: siteId }), [api, siteId]);
  return useLive(read, 'config.changed', (p) => p.siteIds === 'all' || p.siteIds.includes(siteId));
}
