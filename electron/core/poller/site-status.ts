// A site's status as the UI shows it, from the poller's stored state.
import type { SiteStatus } from '../../../shared/fleet.ts';
import type { SitePoll, SiteState } from '../store/poll-state-repo.ts';

export function siteStatus(siteId: number, state: SiteState | undefined, poll: SitePoll, inMaintenance: boolean): SiteStatus {
  const doubt = poll.hostkeyPending ?? poll.hostkeyRejected;
  // A refused key on a pinned host still blocks it, so it reads as changed (actions and rollouts leave it out).
  const hostKeyState = poll.hostkeyApproved === null ? (poll.hostkeyPending ? 'pending' : poll.hostkeyRejected ? 'rejected' : 'none') : doubt ? 'changed' : 'pinned';
  return {
    siteId,
    verdict: state?.damp.effective ?? 'unknown',
    rawVerdict: state?.raw ?? 'unknown',
    reasons: state?.reasons ?? [{ code: 'not-polled', severity: 'info', message: 'Not polled yet' }],
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
