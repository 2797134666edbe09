import { useAppActions } from './app-actions.tsx';
import { ConfigDriftCount } from './ConfigDriftCount.tsx';
import { FleetSummary } from './FleetSummary.tsx';
import { Icon } from './icons.tsx';
import { HeaderOperator } from './operator/HeaderOperator.tsx';
import { TeamPill } from './TeamPill.tsx';
import { ThemeToggle } from './ThemeToggle.tsx';
import { useFleetMeta, useSiteCount } from '../fleet/use-fleet.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);

export function Header({ onOpenPalette }: { onOpenPalette: () => void }) {
  const { info, muted, busy, setMuted, pollNow, setPaused } = useAppActions();
  const paused = useFleetMeta('paused');
  const sites = useSiteCount();
  return (
    <header className="app-header">
      <div className="brand">
        <svg className="brand-mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <rect x="2" y="2" width="9" height="9" rx="2" />
          <rect x="13" y="2" width="9" height="9" rx="2" opacity="0.6" />
          <rect x="2" y="13" width="9" height="9" rx="2" opacity="0.6" />
          <rect x="13" y="13" width="9" height="9" rx="2" />
        </svg>
        <h1>B2B Fleet Console</h1>
        {info?.demo && (
          <span className="demo-pill" data-testid="demo-pill" title="Simulated schools, not real data">
            DEMO
          </span>
        )}
        <TeamPill />
      </div>
      {sites > 0 && <FleetSummary />}
      {sites > 0 && <ConfigDriftCount />}
      <div className="header-actions">
        <HeaderOperator />
        <button type="button" onClick={onOpenPalette} className="palette-button" data-testid="open-palette" aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}>
          <span className="with-icon">
            <Icon name="search" />
            Search or run…
          </span>
          <kbd>{isMac ? '⌘' : 'Ctrl'} K</kbd>
        </button>
        <button type="button" onClick={() => void pollNow()} disabled={busy === 'poll' || sites === 0} data-testid="poll-now" aria-busy={busy === 'poll'}>
          {busy === 'poll' ? <span className="spinner" aria-hidden="true" /> : <Icon name="refresh" />}
          Poll now
        </button>
        <button type="button" onClick={() => void setPaused(!paused)} aria-pressed={paused} disabled={busy === 'pause'} data-testid="toggle-pause">
          <Icon name={paused ? 'play' : 'pause'} />
          {paused ? 'Resume polling' : 'Pause polling'}
        </button>
        <button
          type="button"
          onClick={() => void setMuted(!muted)}
          aria-pressed={muted === true}
          disabled={muted === null}
          data-testid="toggle-mute"
          title={muted ? 'Alerts are muted for all sites; polling goes on' : 'Desktop and in-app alerts for new incidents'}
        >
          <Icon name={muted ? 'bellOff' : 'bell'} />
          {muted ? 'Alerts muted' : 'Alerts on'}
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}
