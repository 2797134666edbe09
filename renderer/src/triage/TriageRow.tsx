import { memo, type Ref } from 'react';
import { VERDICT_LABELS } from '../../../shared/health/verdict.ts';
import { DATASET_LABELS } from '../../../shared/protocol/v1.ts';
import type { AnyIncident } from '../../../shared/incidents.ts';
import type { TriageItem } from '../../../shared/triage.ts';
import { RemedyLine } from '../actions/RemedyLine.tsx';
import { routeHref, siteRoute } from '../app/router.ts';
import { formatExact, formatSpan } from '../fleet/format.ts';
import { VerdictBadge } from '../fleet/VerdictBadge.tsx';

export interface RowActions {
  acknowledge: (i: AnyIncident) => void;
  assign: (i: AnyIncident) => void;
  note: (i: AnyIncident) => void;
}

export function IncidentState({ incident }: { incident: AnyIncident | null }) {
  if (!incident) return <span className="muted">No incident (not down)</span>;
  return (
    <span className="incident-state" data-testid="incident-state">
      {incident.acknowledgedBy ? <span className="ack">✓ Acknowledged by {incident.acknowledgedBy}</span> : <span className="unack">Not acknowledged</span>}
      {incident.assignee && <span> · Assigned to {incident.assignee}</span>}
      {incident.noteCount > 0 && <span> · {incident.noteCount === 1 ? '1 note' : `${incident.noteCount} notes`}</span>}
    </span>
  );
}

export function IncidentButtons({ incident, actions, label }: { incident: AnyIncident | null; actions: RowActions; label: string }) {
  if (!incident) return null;
  return (
    <div className="row-actions">
      <button type="button" onClick={() => actions.acknowledge(incident)} disabled={incident.acknowledgedAt !== null} aria-label={`Acknowledge ${label}`} aria-keyshortcuts="a" data-testid="ack">
        Acknowledge
      </button>
      <button type="button" onClick={() => actions.assign(incident)} aria-label={`Assign ${label}`} data-testid="assign">
        Assign…
      </button>
      <button type="button" onClick={() => actions.note(incident)} aria-label={`Add a note to ${label}`} aria-keyshortcuts="n" data-testid="note">
        Note…
      </button>
    </div>
  );
}

interface Props {
  item: TriageItem;
  selected: boolean;
  now: number;
  actions: RowActions;
  entryKey: string;
  onSelect: (key: string) => void;
  ref?: Ref<HTMLLIElement>;
}

// The queue is rebuilt on every poll result, so items are new objects each time; a row
// re-renders only when something it shows has changed.
const sameItem = (a: TriageItem, b: TriageItem): boolean =>
  a === b ||
  (a.siteId === b.siteId &&
    a.verdict === b.verdict &&
    a.name === b.name &&
    a.pupils === b.pupils &&
    a.since === b.since &&
    a.dataKnown === b.dataKnown &&
    a.incident === b.incident &&
    a.primaryReason?.message === b.primaryReason?.message &&
    a.primaryReason?.code === b.primaryReason?.code &&
    a.datasets.join() === b.datasets.join());

const sameProps = (a: Props, b: Props): boolean =>
  sameItem(a.item, b.item) && a.selected === b.selected && a.now === b.now && a.actions === b.actions && a.entryKey === b.entryKey && a.onSelect === b.onSelect && a.ref === b.ref;

/** One failing site: what, why, which data stopped and since when, and what people did about it. */
export const TriageRow = memo(function TriageRow({ item, entryKey, selected, now, actions, onSelect, ref }: Props) {
  return (
    <li
      ref={ref}
      className={`triage-row v-${item.verdict}${selected ? ' selected' : ''}`}
      tabIndex={selected ? 0 : -1}
      aria-current={selected ? 'true' : undefined}
      aria-label={`${item.name}: ${VERDICT_LABELS[item.verdict]}. ${item.primaryReason?.message ?? ''}`}
      data-testid={`triage-row-${item.urn}`}
      data-site-id={item.siteId}
      onFocus={() => onSelect(entryKey)}
    >
      <div className="triage-main">
        <VerdictBadge verdict={item.verdict} />
        <a href={routeHref(siteRoute(item.siteId))} className="triage-name" tabIndex={-1}>
          {item.name}
        </a>
        <span className="muted mono">{item.urn}</span>
        {item.academy && <span className="tag tag-academy">Academy</span>}
        <span className="muted">{item.pupils === null ? 'pupils unknown' : `${item.pupils} pupils`}</span>
      </div>
      <p className="triage-reason">{item.primaryReason?.message ?? 'No reason recorded'}</p>
      {item.primaryReason && <RemedyLine reason={item.primaryReason} siteIds={[item.siteId]} compact />}
      <div className="triage-facts">
        {item.datasets.length > 0 ? (
          <>
            <span className="datasets" data-testid="triage-datasets">
              {item.datasets.map((d) => (
                <span key={d} className="tag tag-dataset">
                  {DATASET_LABELS[d]}
                </span>
              ))}
              <span className="muted"> stopped or late</span>
            </span>
            <span title={formatExact(item.since)}>{item.since === null ? 'Never sent data' : `No new data for ${formatSpan(now - item.since)}`}</span>
          </>
        ) : item.dataKnown ? (
          <span>Data still arriving</span>
        ) : (
          <span title={formatExact(item.since)}>{item.since === null ? 'Never answered a poll' : `No good answer for ${formatSpan(now - item.since)}`}</span>
        )}
        <IncidentState incident={item.incident} />
      </div>
      <IncidentButtons incident={item.incident} actions={actions} label={item.name} />
    </li>
  );
}, sameProps);
