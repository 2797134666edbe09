// Until term dates are given only weekends count as quiet, so every half-term and holiday
// would show schools as failing. Said where it matters, on the fleet views, with the way out.
import { useEffect, useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { navigate } from './router.ts';

/** Opens Settings at the School calendar section (the hash is the router's, so no in-page anchor). */
function openCalendarSettings(): void {
  navigate({ view: 'settings' });
  let tries = 0;
  const focus = () => {
    const heading = document.getElementById('settings-calendar-title');
    if (heading) {
      heading.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    } else if (tries++ < 50) requestAnimationFrame(focus);
  };
  requestAnimationFrame(focus);
}

export function TermDatesNotice() {
  const api = useApi();
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    void api.call('settings.get', {}).then((r) => {
      if (live && r.ok) setMissing(r.data.terms.length === 0);
    });
    return () => {
      live = false;
    };
  }, [api]);
  if (!missing) return null;
  return (
    <div className="notice term-notice" role="note" data-testid="term-dates-notice">
      <strong>No term dates yet:</strong> only weekends count as quiet, so schools that stop sending in half-terms and holidays show as late or failing.{' '}
      <a
        href="#/settings"
        onClick={(e) => {
          e.preventDefault();
          openCalendarSettings();
        }}
        data-testid="term-dates-notice-link"
      >
        Import term dates…
      </a>
    </div>
  );
}
