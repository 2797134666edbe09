// "What would this site get?": the desired config for any site under the template's
// unsaved fields (config.site with a draft), with the layer behind each setting and the
// diff against what the site has now.
import { useId, useState } from 'react';
import type { SiteConfigView } from '../../../shared/contract.ts';
import type { ConfigFields } from '../../../shared/fleet-config.ts';
import { useApi } from '../api/api-context.tsx';
import { Busy } from '../components/Busy.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { useFleetSites } from '../fleet/use-fleet.ts';
import { SiteConfigSummary } from './SiteConfigSummary.tsx';

interface Props {
  template: string;
  /** The editor's fields now, or why they cannot be previewed (a field is wrong). */
  draft: ConfigFields | null;
}

export function SitePreview({ template, draft }: Props) {
  const api = useApi();
  const id = useId();
  const sites = useFleetSites();
  const [siteId, setSiteId] = useState<number | null>(null);
  const [state, setState] = useState<{ view: SiteConfigView } | { error: string } | 'busy' | null>(null);
  const chosen = siteId ?? sites[0]?.id ?? null;

  const preview = async () => {
    if (chosen === null || draft === null) return;
    setState('busy');
    const r = await api.call('config.site', { id: chosen, draft: { template, fields: draft } });
    setState(r.ok ? { view: r.data } : { error: r.error.message });
  };

  return (
    <div className="cfg-preview" data-testid="config-site-preview">
      <div className="cfg-row">
        <label htmlFor={`${id}-site`} className="ui-inline-field">
          Site
          <select id={`${id}-site`} value={chosen ?? ''} onChange={(e) => setSiteId(Number(e.target.value))} data-testid="preview-site">
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.urn})
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void preview()} disabled={chosen === null || draft === null || state === 'busy'} data-testid="preview-site-go">
          Preview this site
        </button>
        {draft === null && <span className="muted small">Correct the fields marked above to preview.</span>}
      </div>
      {state === 'busy' && <Busy label="Working out the site’s config…" />}
      {state !== null && state !== 'busy' && 'error' in state && (
        <ErrorNotice title="Could not preview this site" testId="preview-site-error">
          <p>{state.error}</p>
        </ErrorNotice>
      )}
      {state !== null && state !== 'busy' && 'view' in state && <SiteConfigSummary view={state.view} />}
    </div>
  );
}
