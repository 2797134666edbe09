// What to do about one reason: the action that usually fixes it (a button that opens the
// action dialog preset), or who has to act when nothing the console sends can help.
import type { Reason } from '../../../shared/health/verdict.ts';
import { remedyFor, type Remedy } from '../../../shared/remediation.ts';
import { useOpenActionDialog } from './action-dialog-context.tsx';
import { useEffectiveness } from './effectiveness.tsx';

/** Plural nouns for "restart cleared 14 of 16 crash loops"; other codes are named as they are. */
const CASES: Record<string, string> = {
  'service-stopped': 'stopped services',
  'service-crash-loop': 'crash loops',
  'service-stuck-starting': 'services stuck starting',
  'transfer-hung': 'hung transfers',
  'running-no-data': 'services sending no data',
  'dataset-stale': 'stale datasets',
  'dataset-overdue': 'overdue returns',
  'transfer-failed': 'failed transfers',
  'never-sent': 'sites that never sent data',
  'backlog-growing': 'growing backlogs',
};

function Learned({ reason, remedy }: { reason: Reason; remedy: Extract<Remedy, { kind: 'action' }> }) {
  const row = useEffectiveness(reason.code, remedy.action.kind);
  if (!row) return null;
  return (
    <span className="remedy-learned" data-testid="remedy-learned">
      Here, {remedy.action.kind} cleared {row.cleared} of {row.judged} {CASES[reason.code] ?? `“${reason.code}” cases`}
    </span>
  );
}

export function RemedyLine({ reason, siteIds, compact = false }: { reason: Reason; siteIds: readonly number[]; compact?: boolean }) {
  const open = useOpenActionDialog();
  const remedy = remedyFor(reason);
  if (!remedy) return null;
  if (remedy.kind === 'people') {
    return (
      <span className={`remedy remedy-people${compact ? ' compact' : ''}`} data-testid="remedy" data-remedy="people">
        <strong>Needs: {remedy.who}</strong> — {remedy.why}
      </span>
    );
  }
  return (
    <span className={`remedy${compact ? ' compact' : ''}`} data-testid="remedy" data-remedy={remedy.action.kind}>
      <button type="button" onClick={() => open({ siteIds, preset: remedy.action })} aria-keyshortcuts={compact ? 'x' : undefined} data-testid="remedy-action">
        {remedy.label}…
      </button>
      {!compact && <span className="ui-muted">{remedy.why}</span>}
      <Learned reason={reason} remedy={remedy} />
    </span>
  );
}
