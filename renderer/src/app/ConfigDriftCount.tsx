// The header's config counts: "12 config drift" and, worded apart because the console never
// overwrites them silently, "3 changed locally"; each opens the table filtered to those sites.
import { useMemo } from 'react';
import type { ConfigFilter } from '../config/drift-model.ts';
import { driftCounts, driftWords } from '../config/drift-model.ts';
import { ConfigStateIcon } from '../config/ConfigStateBadge.tsx';
import { useConfigStates } from '../fleet/config-states.tsx';
import { EMPTY_FILTER, setFleetFilter } from '../fleet/filters.ts';
import { routeHref } from './router.ts';

function showInTable(config: ConfigFilter): void {
  setFleetFilter({ ...EMPTY_FILTER, config });
}

export function ConfigDriftCount() {
  const { bySite } = useConfigStates();
  const counts = useMemo(() => driftCounts([...bySite.values()].map((s) => s.state)), [bySite]);
  const words = driftWords(counts);
  if (!words.drift && !words.local && !words.invalid) return null;
  return (
    <p className="config-counts" data-testid="config-counts">
      {words.drift && (
        <a href={routeHref({ view: 'table' })} onClick={() => showInTable('drift')} data-testid="config-drift-count" data-n={counts.drift} title="Sites whose config differs from what their template and overrides say: show them in the table">
          <ConfigStateIcon state="drift" /> {words.drift}
        </a>
      )}
      {words.local && (
        <a href={routeHref({ view: 'table' })} onClick={() => showInTable('changed-locally')} data-testid="config-local-count" data-n={counts.changedLocally} title="Sites whose config was changed on the school server: the console never overwrites these without someone accepting or including them">
          <ConfigStateIcon state="changed-locally" /> {words.local}
        </a>
      )}
      {words.invalid && (
        <a href={routeHref({ view: 'table' })} onClick={() => showInTable('invalid')} data-testid="config-invalid-count" data-n={counts.invalid}>
          <ConfigStateIcon state="invalid" /> {words.invalid}
        </a>
      )}
    </p>
  );
}
