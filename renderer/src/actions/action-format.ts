// Words for actions and runs, shared by the run view, the Actions view and site detail.
import type { Action, ActionParams, Run } from '../../../shared/actions.ts';
import { VERDICT_LABELS, VerdictSchema } from '../../../shared/health/verdict.ts';

export function paramsLabel(p: ActionParams): string {
  switch (p.kind) {
    case 'restart':
      return 'Restart';
    case 'resync':
      return p.dataset === 'all' ? 'Resync all data' : `Resync ${p.dataset}`;
    case 'logs':
      return 'Logs';
    case 'diag':
      return 'Diagnostics';
    case 'config-apply':
      return `Apply config ${p.toHash.slice(7, 15)}`;
    case 'config-rollback':
      return 'Roll back config';
  }
}

/** Verified / Not cleared / Checking… / —: only what was sent and changes the school is judged. */
export function verificationLabel(a: Pick<Action, 'verification' | 'state'>): string {
  if (a.verification === 'cleared') return 'Verified';
  if (a.verification === 'not-cleared') return 'Not cleared';
  if (a.verification === 'pending' && (a.state === 'succeeded' || a.state === 'timed-out' || a.state === 'unknown')) return 'Checking…';
  return '—';
}

export function verdictWord(v: string | null): string {
  const parsed = VerdictSchema.safeParse(v);
  return parsed.success ? VERDICT_LABELS[parsed.data] : (v ?? '—');
}

export const RUN_STATE_LABELS: Record<Run['state'], string> = { running: 'Running', finished: 'Finished', cancelled: 'Cancelled' };

/** Actions not yet ended: queued, waiting or running. */
export function openCount(run: Pick<Run, 'counts'>): number {
  return (run.counts.queued ?? 0) + (run.counts.waiting ?? 0) + (run.counts.running ?? 0);
}
