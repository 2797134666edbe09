// What a site's latest effective verdict means for its incident. Pure, table-tested.
import { isDown, isUp, type Reason, type Verdict } from '../../../shared/health/verdict.ts';

export type Step = 'open' | 'update' | 'resolve' | 'none';

export interface OpenIncidentView {
  verdict: Verdict;
  reasons: readonly Reason[];
}

// Messages carry counters and times ("12+ transfers missed") that change every poll; comparing
// them would rewrite the incident on every poll for nothing a person needs to hear about.
const problemKey = (reasons: readonly Reason[]) =>
  reasons
    .filter((r) => r.severity !== 'info')
    .map((r) => `${r.severity}:${r.code}:${r.dataset ?? ''}`)
    .join('|');

export function sameProblems(a: readonly Reason[], b: readonly Reason[]): boolean {
  return problemKey(a) === problemKey(b);
}

/**
 * Decides from the stored open incident, not from the caller's `previous` verdict, so a restart
 * (previous = null) cannot open a second incident and a site still down when its mute ends gets one.
 * 'unknown' and 'maintenance' say nothing about the link, so they neither open nor resolve.
 */
export function nextStep(current: Verdict, reasons: readonly Reason[], muted: boolean, open: OpenIncidentView | null): Step {
  if (isDown(current)) {
    if (open === null) return muted ? 'none' : 'open';
    return open.verdict !== current || !sameProblems(open.reasons, reasons) ? 'update' : 'none';
  }
  // Resolving while muted is fine: recovery raises no alert, and time to recover stays true.
  if (isUp(current) && open !== null) return 'resolve';
  return 'none';
}
