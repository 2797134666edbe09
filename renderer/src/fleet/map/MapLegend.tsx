import type { Verdict } from '../../../../shared/health/verdict.ts';
import { VerdictIcon } from '../VerdictBadge.tsx';
import { verdictLabel } from '../verdict-style.ts';

const SHOWN: Verdict[] = ['healthy', 'lagging', 'failing', 'unreachable', 'auth-failed', 'hostkey-changed', 'protocol-error', 'unknown', 'maintenance'];

export function MapLegend() {
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
