import { useMemo } from 'react';
import { needsTriage } from '../../../shared/triage.ts';
import { useFleetRows } from '../fleet/use-fleet.ts';
import { Icon, type IconName } from './icons.tsx';
import { routeHref, VIEW_TITLES, type Route, type View } from './router.ts';

const NAV: { view: View & IconName }[] = [{ view: 'triage' }, { view: 'map' }, { view: 'grid' }, { view: 'table' }, { view: 'reports' }, { view: 'actions' }, { view: 'config' }, { view: 'rollouts' }, { view: 'sites' }, { view: 'host-keys' }, { view: 'settings' }, { view: 'audit' }];

export function NavBar({ current }: { current: Route }) {
  const rows = useFleetRows();
  const triageCount = useMemo(() => rows.filter((r) => r.status && needsTriage(r.status)).length, [rows]);
  const keysWaiting = useMemo(() => rows.filter((r) => r.status?.hostKey.pending).length, [rows]);
  return (
    <nav className="app-nav" aria-label="Views">
      <ul>
        {NAV.map(({ view }) => {
          const active = current.view === view;
          return (
            <li key={view}>
              <a href={routeHref({ view })} aria-current={active ? 'page' : undefined} data-testid={`nav-${view}`}>
                <Icon name={view} />
                {VIEW_TITLES[view]}
                {view === 'host-keys' && keysWaiting > 0 && (
                  <span className="nav-count" aria-label={`${keysWaiting} sites wait for host-key approval`} data-testid="nav-host-keys-count">
                    {keysWaiting}
                  </span>
                )}
                {view === 'triage' && triageCount > 0 && (
                  <span className="nav-count" aria-label={`${triageCount} sites need attention`}>
                    {triageCount}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
