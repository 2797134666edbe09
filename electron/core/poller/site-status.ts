// A site's status as the UI shows it, from the poller's stored state.
import type { SiteStatus } from '../../../shared/fleet.ts';
import type { SitePoll, SiteState } from '../store/store.ts';

/** The reason a register site without a host shows: it is waiting, not failing. */
export const NOT_SET_UP_REASON = { code: 'not-set-up', severity: 'info', message: 'Not set up yet: no B2B host' } as const;

export function siteStatus(siteId: number, state: SiteState | undefined, poll: SitePoll, inMaintenance: boolean, setUp = true): SiteStatus {
  const doubt = poll.hostkeyPending ?? poll.hostkeyRejected;
  // A refused key on a pinned host still blocks it, so it reads as changed (actions and rollouts leave it out).
  const hostKeyState = poll.hostkeyApproved === null ? (poll.hostkeyPending ? 'pending' : poll.hostkeyRejected ? 'rejected' : 'none') : doubt ? 'changed' : 'pinned';
  return {
    siteId,
    verdict: setUp ? (state?.damp.effective ?? 'unknown') : 'unknown',
    rawVerdict: state?.raw ?? 'unknown',
    reasons: !setUp ? [NOT_SET_UP_REASON] : (state?.reasons ?? [{ code: 'not-polled', severity: 'info', message: 'Not polled yet' }]),
    datasets: state?.datasets ?? [],
    polledAt: state?.polledAt ?? null,
    changedAt: state?.changedAt ?? null,
    lastOkAt: state?.lastOkAt ?? null,
    latencyMs: state?.latencyMs ?? null,
    hostKey: { state: hostKeyState, approved: poll.hostkeyApproved, pending: poll.hostkeyPending, ...(poll.hostkeyRejected ? { rejected: poll.hostkeyRejected } : {}) },
    inMaintenance,
    alertsMuted: poll.alertsMuted,
    agentVersion: state?.agentVersion ?? null,
  };
}
