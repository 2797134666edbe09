// Rollouts of this template still under way or halted, shown above the editor: after a fix
// is saved, a halted rollout is resumed where it stopped (its sites not yet done take the
// newest version), rather than planned again.
import { useCallback } from 'react';
import { ACTIVE_ROLLOUT_STATES, ROLLOUT_STATE_LABELS } from '../../../shared/rollouts.ts';
import { useApi } from '../api/api-context.tsx';
import { rolloutRoute, routeHref } from '../app/router.ts';
import { useLive } from '../components/use-live.ts';
import { waveLabel } from '../rollouts/rollout-model.ts';

export function TemplateRollouts({ template }: { template: string }) {
  const api = useApi();
  const read = useCallback(() => api.call('rollouts.list', { limit: 50 }), [api]);
  const { data } = useLive(read, 'rollouts.changed');
  const open = (data ?? []).filter((r) => r.template === template && (ACTIVE_ROLLOUT_STATES.has(r.state) || r.state === 'halted'));
  if (open.length === 0) return null;
  return (
    <div className="notice cfg-open-rollouts" role="status" data-testid="template-open-rollouts">
      <ul>
        {open.map((r) => (
          <li key={r.id}>
            <a href={routeHref(rolloutRoute(r.id))} data-testid={`template-rollout-link-${r.id}`}>
              {r.name}
            </a>{' '}
            is <strong>{ROLLOUT_STATE_LABELS[r.state].toLowerCase()}</strong> at {r.wave >= r.waves ? 'its end' : waveLabel(r.wave, r.waves).toLowerCase()}.
            {r.state === 'halted' && ' Once the fix is saved here, resume it there: the sites it has not done yet take the newest version.'}
          </li>
        ))}
      </ul>
    </div>
  );
}
