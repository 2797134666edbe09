import { useCallback, useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { ActionsSection } from './ActionsSection.tsx';
import { AlertsSection } from './AlertsSection.tsx';
import { CalendarSection } from './CalendarSection.tsx';
import { CredentialsSection } from './CredentialsSection.tsx';
import { MapSection } from './MapSection.tsx';
import { PollingSection } from './PollingSection.tsx';
import { RetentionSection } from './RetentionSection.tsx';
import { TeamServerSection, teamBridge } from './TeamServerSection.tsx';
import './settings.css';

const TEAM = { id: 'team', label: 'Team server' };
const CONTENTS = [
  { id: 'credentials', label: 'SSH credentials' },
  { id: 'polling', label: 'Polling' },
  { id: 'calendar', label: 'School calendar' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'map', label: 'Map' },
  { id: 'retention', label: 'History and database size' },
];

/** What the register says that the settings need: the tags in use and how many sites there are. */
interface FleetFacts {
  tags: string[];
  count: number;
}

export function SettingsView() {
  const api = useApi();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [facts, setFacts] = useState<FleetFacts>({ tags: [], count: 0 });
  const [error, setError] = useState<string | null>(null);
  // Only the desktop chooses where its fleet lives; a browser is already on a server.
  const [team] = useState(teamBridge);
  const contents = team ? [TEAM, ...CONTENTS] : CONTENTS;

  const load = useCallback(() => {
    void api.call('settings.get', {}).then((r) => {
      setError(r.ok ? null : r.error.message);
      if (r.ok) setSettings(r.data);
    });
    void api.call('sites.list', {}).then((r) => {
      if (r.ok) setFacts({ tags: [...new Set(r.data.flatMap((s) => s.tags))].sort(), count: r.data.length });
    });
  }, [api]);
  useEffect(load, [load]);

  // The hash is the app's route, so in-page links would navigate away: scroll and move focus instead.
  const jump = (id: string) => {
    const heading = document.getElementById(`settings-${id}-title`);
    heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    heading?.focus({ preventScroll: true });
  };

  return (
    <section className="settings-view" aria-labelledby="settings-title" data-testid="settings">
      <div className="view-header">
        <h2 id="settings-title">Settings</h2>
      </div>
      <nav className="settings-contents" aria-label="Settings sections">
        {contents.map((c) => (
          <button type="button" key={c.id} onClick={() => jump(c.id)}>
            {c.label}
          </button>
        ))}
      </nav>
      <p className="settings-lead">Each section saves on its own. Changes are recorded in the audit log.</p>
      {error && (
        <div className="form-error" role="alert">
          Could not load the settings: {error}{' '}
          <button type="button" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {team && <TeamServerSection bridge={team} />}
      <CredentialsSection />
      {settings === null ? (
        !error && (
          <p aria-busy="true" data-testid="settings-loading">
            <span className="settings-spinner" aria-hidden="true" />
            Loading settings…
          </p>
        )
      ) : (
        <>
          <PollingSection settings={settings} knownTags={facts.tags} onSaved={setSettings} />
          <CalendarSection settings={settings} onSaved={setSettings} />
          <AlertsSection settings={settings} onSaved={setSettings} />
          <MapSection settings={settings} onSaved={setSettings} />
          <ActionsSection settings={settings} onSaved={setSettings} />
          <RetentionSection settings={settings} siteCount={facts.count} onSaved={setSettings} />
        </>
      )}
    </section>
  );
}
