// Register schools without a map position, with "Place by postcode": an approximate position
// from registered schools in the same postcode sector or district (no network lookup). A
// person can set an exact one in the site form instead.
import { useState } from 'react';
import type { Site } from '../../../../../shared/site.ts';
import { useApi } from '../../../api/api-context.tsx';

export function NotOnMap({ sites, onEdit }: { sites: readonly Site[]; onEdit: (site: Site) => void }) {
  const api = useApi();
  const [notice, setNotice] = useState<string | null>(null);
  const missing = sites.filter((s) => !s.demo && (s.latitude === null || s.longitude === null));
  // Kept while it has something to say: the last school placed must still show that it is approximate.
  if (!missing.length && !notice) return null;
  const place = async (s: Site) => {
    const r = await api.call('register.placeByPostcode', { id: s.id });
    setNotice(r.ok ? `Placed ${s.name} by postcode (${r.data.basis})` : r.error.message);
  };
  return (
    <section className="not-on-map" aria-labelledby="not-on-map-title" data-testid="not-on-map">
      <h3 id="not-on-map-title">Not on the map ({missing.length})</h3>
      {notice && (
        <p className="notice" role="status" data-testid="not-on-map-notice">
          {notice}
        </p>
      )}
      {missing.length === 0 && <p className="muted">Every school in the register is on the map.</p>}
      <ul>
        {missing.map((s) => (
          <li key={s.id} data-testid={`not-on-map-${s.urn}`}>
            {s.name} ({s.urn}){s.postcode ? `, ${s.postcode}` : ''}
            {s.postcode && (
              <button type="button" onClick={() => void place(s)} aria-label={`Place by postcode: ${s.name}`} data-testid={`place-${s.urn}`}>
                Place by postcode
              </button>
            )}
            <button type="button" onClick={() => onEdit(s)} aria-label={`Set position: ${s.name}`}>
              Set position
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
