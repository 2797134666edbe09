import { useAppActions } from './app-actions.tsx';
import { useConnected } from './use-connection.ts';
import { useFleetMeta } from '../fleet/use-fleet.ts';

/** Console-wide states a person must not miss: demo data, a lost connection, paused polling. */
export function Banners() {
  const { info, busy, stopDemo, setPaused } = useAppActions();
  const connected = useConnected();
  const paused = useFleetMeta('paused');
  return (
    <>
      {!connected && (
        <div className="banner banner-bad" role="alert" data-testid="connection-lost">
          <span className="spinner" aria-hidden="true" />
          Connection to the console lost. Reconnecting… Statuses shown may be out of date.
        </div>
      )}
      {info?.demo && (
        <div className="banner banner-demo" data-testid="demo-banner">
          <strong>DEMO</strong>
          <span>You are looking at simulated Brackenfield schools, polled over SSH on this machine. None of it is real school data.</span>
          <button type="button" onClick={() => void stopDemo()} disabled={busy === 'demo-stop'} data-testid="remove-demo">
            {busy === 'demo-stop' ? 'Removing…' : 'Remove demo'}
          </button>
        </div>
      )}
      {paused && (
        <div className="banner banner-warn" data-testid="paused-banner">
          <span>Polling is paused: statuses are not being refreshed.</span>
          <button type="button" onClick={() => void setPaused(false)}>
            Resume polling
          </button>
        </div>
      )}
    </>
  );
}
