import { useMemo } from 'react';
import { isDown } from '../../../shared/health/verdict.ts';
import { useFleetRows } from '../fleet/use-fleet.ts';
import { VerdictIcon } from '../fleet/VerdictBadge.tsx';

/** Counts at a glance in the header: healthy, lagging, down. */
export function FleetSummary() {
  const rows = useFleetRows();
  const counts = useMemo(() => {
    let healthy = 0;
    let lagging = 0;
    let down = 0;
    for (const r of rows) {
      if (r.verdict === 'healthy') healthy++;
      else if (r.verdict === 'lagging') lagging++;
      else if (isDown(r.verdict)) down++;
    }
    return { healthy, lagging, down };
  }, [rows]);
  return (
    <p className="fleet-summary" data-testid="fleet-summary" aria-label={`${counts.healthy} healthy, ${counts.lagging} lagging, ${counts.down} down of ${rows.length} sites`}>
      <span>
        <VerdictIcon verdict="healthy" /> {counts.healthy}
      </span>
      <span>
        <VerdictIcon verdict="lagging" /> {counts.lagging}
      </span>
      <span>
        <VerdictIcon verdict="failing" /> {counts.down}
      </span>
      <span className="muted">of {rows.length}</span>
    </p>
  );
}
