// "Act on these N sites…": the map, grid and table act on what their filter shows. With no
// filter that is the whole fleet, sent as 'all' so the core asks for the count to be typed.
import type { FleetRow } from './fleet-row.ts';
import { useOpenActionDialog } from '../actions/action-dialog-context.tsx';

export function ActOnSites({ rows, whole }: { rows: readonly FleetRow[]; whole: boolean }) {
  const open = useOpenActionDialog();
  return (
    <button type="button" onClick={() => open({ siteIds: whole ? 'all' : rows.map((r) => r.id) })} disabled={rows.length === 0} data-testid="act-on-shown">
      Act on {whole ? `all ${rows.length}` : `these ${rows.length}`} sites…
    </button>
  );
}
