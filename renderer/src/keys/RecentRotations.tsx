// The last key rotations, each linking to its live view: shown under the saved keys, where a
// person who closed a rotation's view looks for it again.
import { useCallback } from 'react';
import { useApi } from '../api/api-context.tsx';
import { routeHref, rotationRoute } from '../app/router.ts';
import { useLive } from '../components/use-live.ts';

export function RecentRotations() {
  const api = useApi();
  const read = useCallback(() => api.call('keys.rotations', { limit: 10 }), [api]);
  const { data } = useLive(read, 'keys.rotationsChanged');
  if (!data || data.length === 0) return null;
  return (
    <div data-testid="recent-rotations">
      <h4>Key rotations</h4>
      <ul>
        {data.map((r) => (
          <li key={r.id}>
            <a href={routeHref(rotationRoute(r.id))}>
              {r.oldName} → {r.newName}
            </a>{' '}
            <span className="muted">
              ({r.state === 'completed' ? 'completed' : 'running'}; {r.counts.done ?? 0} rotated, started by {r.actor} {new Date(r.createdAt).toLocaleString()})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
