// Which sites follow this template: all of them, or the sites ticked in the fleet table.
// A site follows the template's newest version; assigning changes no school until a rollout.
import { useState } from 'react';
import { useApi } from '../api/api-context.tsx';
import { useToast } from '../app/toasts.tsx';
import { routeHref } from '../app/router.ts';
import { SegmentedControl } from '../components/SegmentedControl.tsx';
import { useFleetSelection } from '../fleet/selection.ts';
import { useSiteCount } from '../fleet/use-fleet.ts';

export function AssignPanel({ template, following }: { template: string; following: number }) {
  const api = useApi();
  const toast = useToast();
  const selection = useFleetSelection();
  const total = useSiteCount();
  const [scope, setScope] = useState<'all' | 'selection'>('selection');
  const [busy, setBusy] = useState(false);
  const n = scope === 'all' ? total : selection.size;

  const assign = async () => {
    setBusy(true);
    const r = await api.call('config.assign', { siteIds: scope === 'all' ? 'all' : [...selection], template });
    setBusy(false);
    toast(r.ok ? { tone: 'ok', title: `${r.data.assigned} ${r.data.assigned === 1 ? 'site follows' : 'sites follow'} ${template}`, body: 'Nothing is sent to a school until a rollout.' } : { tone: 'bad', title: 'Could not assign the template', body: r.error.message });
  };

  return (
    <div className="cfg-assign" data-testid="template-assign">
      <p className="muted small">
        {following === 1 ? '1 site follows' : `${following} sites follow`} this template. Assigning changes nothing on a school: a rollout does.
      </p>
      <div className="cfg-row">
        <SegmentedControl
          label="Assign to"
          value={scope}
          options={[
            { value: 'selection', label: `The fleet selection (${selection.size})` },
            { value: 'all', label: `All sites (${total})` },
          ]}
          onChange={setScope}
          testId="assign-scope"
        />
        <button type="button" onClick={() => void assign()} disabled={busy || n === 0} data-testid="template-assign-go">
          Assign to {n === 1 ? '1 site' : `${n} sites`}
        </button>
      </div>
      {scope === 'selection' && selection.size === 0 && (
        <p className="muted small">
          Tick sites in the <a href={routeHref({ view: 'table' })}>table</a> to assign the template to some of them.
        </p>
      )}
    </div>
  );
}
