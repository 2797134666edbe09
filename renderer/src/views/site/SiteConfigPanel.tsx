// Site detail's fleet-config panel: the state, the template, the desired config and what
// differs. A config changed on the school server is never overwritten silently: a person
// either accepts it here (it then shows as drift) or includes it in a rollout.
import { useState } from 'react';
import type { SiteConfigView } from '../../../../shared/contract.ts';
import { useApi } from '../../api/api-context.tsx';
import { routeHref } from '../../app/router.ts';
import { useToast } from '../../app/toasts.tsx';
import { Busy } from '../../components/Busy.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { Panel } from '../../components/Panel.tsx';
import { SiteConfigSummary } from '../../config/SiteConfigSummary.tsx';
import '../../config/config.css';

interface Props {
  siteId: number;
  view: SiteConfigView | null;
  error: string | null;
  onChanged: () => void;
}

export function SiteConfigPanel({ siteId, view, error, onChanged }: Props) {
  const api = useApi();
  const toast = useToast();
  const [busy, setBusy] = useState(false);

  const accept = async () => {
    setBusy(true);
    const r = await api.call('config.acceptLocal', { siteIds: [siteId] });
    setBusy(false);
    toast(r.ok ? { tone: 'ok', title: 'Local change accepted', body: 'The site now shows as drift; a rollout may bring it back to its template.' } : { tone: 'bad', title: 'Could not accept the local change', body: r.error.message });
    onChanged();
  };

  return (
    <Panel title="Fleet configuration" testId="site-fleet-config" actions={<a href={routeHref({ view: 'config' })}>Templates and overrides</a>}>
      {!view && error && <ErrorNotice title="Could not read the site’s desired config">{error}</ErrorNotice>}
      {!view && !error && <Busy label="Loading…" />}
      {view?.state === 'changed-locally' && (
        <div className="notice sd-local-change" data-testid="site-config-local">
          <p>
            <strong>This site’s config was changed on the school server</strong>, not by the console. The console never overwrites such a change by itself: rollouts leave this site out unless someone includes it.
          </p>
          <button type="button" className="primary" onClick={() => void accept()} disabled={busy} data-testid="config-accept-local">
            Accept the local change
          </button>
          <p className="muted small">Accepting takes it as known: the site then shows as drift from its template, and a rollout may change it.</p>
        </div>
      )}
      {view && <SiteConfigSummary view={view} />}
    </Panel>
  );
}
