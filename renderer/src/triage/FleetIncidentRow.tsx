import { memo, useState, type Ref } from 'react';
import type { TriageGroup } from '../../../shared/triage.ts';
import { formatExact, formatSpan } from '../fleet/format.ts';
import { VerdictBadge } from '../fleet/VerdictBadge.tsx';
import { IncidentButtons, IncidentState, TriageRow, type RowActions } from './TriageRow.tsx';

interface Props {
  group: TriageGroup;
  selected: boolean;
  now: number;
  actions: RowActions;
  entryKey: string;
  onSelect: (key: string) => void;
  ref?: Ref<HTMLLIElement>;
}

const ignore = (): void => undefined;

/** A correlated outage as one row: one cause, many sites; the sites fold out on demand. */
export const FleetIncidentRow = memo(function FleetIncidentRow({ group, entryKey, selected, now, actions, onSelect, ref }: Props) {
  const [open, setOpen] = useState(false);
  const i = group.incident;
  return (
    <li
      ref={ref}
      className={`triage-row fleet-row v-${i.verdict}${selected ? ' selected' : ''}`}
      tabIndex={selected ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      aria-label={`Fleet incident: ${i.title}`}
      data-testid={`triage-fleet-${i.id}`}
      onFocus={() => onSelect(entryKey)}
    >
      <div className="triage-main">
        <span className="tag tag-fleet">Fleet incident</span>
        <VerdictBadge verdict={i.verdict} />
        <strong className="triage-name">{i.title}</strong>
      </div>
      <div className="triage-facts">
        <span>
          {i.openSiteCount} of {i.fleetSize} sites down
        </span>
        <span title={formatExact(Date.parse(i.openedAt))}>for {formatSpan(now - Date.parse(i.openedAt))}</span>
        <IncidentState incident={i} />
        <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide sites' : `Show ${group.items.length} sites`}
        </button>
      </div>
      <IncidentButtons incident={i} actions={actions} label="the fleet incident" />
      {open && (
        <ol className="fleet-children" aria-label="Sites in this incident">
          {group.items.map((item) => (
            <TriageRow key={item.siteId} item={item} entryKey="" selected={false} now={now} actions={actions} onSelect={ignore} />
          ))}
        </ol>
      )}
    </li>
  );
});
