import { CONFIG_STATES } from '../../../../shared/fleet-config.ts';
import type { Verdict } from '../../../../shared/health/verdict.ts';
import { configStateLabel } from '../../config/config-format.ts';
import { ConfigStateIcon } from '../../config/ConfigStateBadge.tsx';
import { VerdictIcon } from '../VerdictBadge.tsx';
import { verdictLabel } from '../verdict-style.ts';

const SHOWN: Verdict[] = ['healthy', 'lagging', 'failing', 'unreachable', 'auth-failed', 'hostkey-changed', 'protocol-error', 'unknown', 'maintenance'];

export function MapLegend({ layer = 'verdict' }: { layer?: 'verdict' | 'config' }) {
  if (layer === 'config')
    return (
      <ul className="map-legend" aria-label="Legend: config state" data-testid="map-config-legend">
        {CONFIG_STATES.map((s) => (
          <li key={s}>
            <ConfigStateIcon state={s} /> {configStateLabel(s)}
          </li>
        ))}
        <li className="muted">Clusters show the state that most needs a look</li>
      </ul>
    );
  return (
    <ul className="map-legend" aria-label="Legend">
      {SHOWN.map((v) => (
        <li key={v}>
          <VerdictIcon verdict={v} /> {verdictLabel(v)}
        </li>
      ))}
      <li className="muted">Clusters show the worst status inside</li>
    </ul>
  );
}
