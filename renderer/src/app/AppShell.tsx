import { useEffect, useState } from 'react';
import { ActionsView } from '../actions/ActionsView.tsx';
import { RunView } from '../actions/RunView.tsx';
import { MapView } from '../fleet/map/MapView.tsx';
import { GridView } from '../fleet/grid/GridView.tsx';
import { TableView } from '../fleet/table/TableView.tsx';
import { useFleetMeta, useSiteCount } from '../fleet/use-fleet.ts';
import { TriageView } from '../triage/TriageView.tsx';
import { ConfigView } from '../config/ConfigView.tsx';
import { HostKeysView } from '../host-keys/HostKeysView.tsx';
import { RolloutsView } from '../rollouts/RolloutsView.tsx';
import { RolloutView } from '../rollouts/RolloutView.tsx';
import { RotationView } from '../keys/RotationView.tsx';
import { AuditView } from '../views/audit/AuditView.tsx';
import { ReportsView } from '../views/reports/ReportsView.tsx';
import { SettingsView } from '../views/settings/SettingsView.tsx';
import { SiteDetailView } from '../views/site/SiteDetailView.tsx';
import { SitesView } from '../views/sites/SitesView.tsx';
import { ConversionsView } from '../views/conversions/ConversionsView.tsx';
import { useIncidentAlerts } from './alerts.ts';
import { Banners } from './Banners.tsx';
import { CommandPalette } from './palette/CommandPalette.tsx';
import { FirstRun } from './FirstRun.tsx';
import { Header } from './Header.tsx';
import { TermDatesNotice } from './TermDatesNotice.tsx';
import { NavBar } from './NavBar.tsx';
import { navigate, useRoute, VIEW_TITLES, type Route } from './router.ts';

const FLEET_VIEWS = new Set<Route['view']>(['triage', 'map', 'grid', 'table', 'welcome']);

function goBack(): void {
  // Back within the app when there is somewhere to go; a fresh tab opened on a site goes to triage.
  if (history.length > 1) history.back();
  else navigate({ view: 'triage' });
}

function Content({ route }: { route: Route }) {
  switch (route.view) {
    case 'site':
      return <SiteDetailView key={route.siteId} siteId={route.siteId} onBack={goBack} />;
    case 'triage':
      return <TriageView />;
    case 'map':
      return <MapView />;
    case 'grid':
      return <GridView />;
    case 'table':
      return <TableView />;
    case 'reports':
      return <ReportsView />;
    case 'sites':
      return <SitesView />;
    case 'settings':
      return <SettingsView />;
    case 'welcome':
      return <FirstRun />;
    case 'audit':
      return <AuditView />;
    case 'actions':
      return <ActionsView />;
    case 'run':
      return <RunView key={route.runId} runId={route.runId} />;
    case 'config':
      return <ConfigView />;
    case 'rollouts':
      return <RolloutsView />;
    case 'conversions':
      return <ConversionsView />;
    case 'host-keys':
      return <HostKeysView />;
    case 'rollout':
      return <RolloutView key={route.rolloutId} rolloutId={route.rolloutId} />;
    case 'rotation':
      return <RotationView key={route.rotationId} rotationId={route.rotationId} />;
  }
}

export function AppShell() {
  const route = useRoute();
  const loaded = useFleetMeta('loaded');
  const error = useFleetMeta('error');
  const count = useSiteCount();
  const [paletteOpen, setPaletteOpen] = useState(false);
  useIncidentAlerts();

  const empty = loaded && count === 0;
  const shown: Route = route ?? { view: empty ? 'welcome' : 'triage' };
  const view: Route = empty && FLEET_VIEWS.has(shown.view) ? { view: 'welcome' } : shown.view === 'welcome' && loaded && !empty ? { view: 'triage' } : shown;

  const title = view.view === 'site' ? 'Site' : view.view === 'run' ? `Run ${view.runId}` : view.view === 'rollout' ? `Rollout ${view.rolloutId}` : view.view === 'rotation' ? `Key rotation ${view.rotationId}` : VIEW_TITLES[view.view];
  useEffect(() => {
    document.title = `${title} · B2B Fleet Console`;
  }, [title]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPaletteOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          // The hash is the router's: move focus without navigating.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <Header onOpenPalette={() => setPaletteOpen(true)} />
      <Banners />
      <div className="app-body">
        <NavBar current={view} />
        <main id="main" className="app-main" tabIndex={-1} data-testid="app-ready" data-view={view.view}>
          {error && !loaded ? (
            <p className="form-error" role="alert">
              Could not load the fleet: {error}
            </p>
          ) : !loaded && FLEET_VIEWS.has(view.view) ? (
            <div className="loading" aria-busy="true" data-testid="fleet-loading">
              <span className="spinner" aria-hidden="true" /> Loading the fleet…
            </div>
          ) : (
            <>
              {FLEET_VIEWS.has(view.view) && view.view !== 'welcome' && <TermDatesNotice />}
              <Content route={view} />
            </>
          )}
        </main>
      </div>
      {paletteOpen && <CommandPalette onClose={() => setPaletteOpen(false)} />}
    </div>
  );
}
