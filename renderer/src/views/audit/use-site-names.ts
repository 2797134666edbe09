// Site names for the audit trail, archived sites included: entries outlive a site's removal.
import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.tsx';

export interface SiteName {
  id: number;
  name: string;
  archived: boolean;
}

export function useSiteNames(): SiteName[] {
  const api = useApi();
  const [sites, setSites] = useState<SiteName[]>([]);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const [current, archived] = await Promise.all([api.call('sites.list', {}), api.call('sites.archived', {})]);
      if (!live) return;
      const all = [...(current.ok ? current.data.map((s) => ({ id: s.id, name: s.name, archived: false })) : []), ...(archived.ok ? archived.data.map((s) => ({ id: s.id, name: s.name, archived: true })) : [])];
      setSites(all.sort((a, b) => a.name.localeCompare(b.name, 'en-GB')));
    };
    void load();
    const off = api.on('sites.changed', () => void load());
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return sites;
}
