// A site's status as the UI shows it, from the poller's stored state.
import type { SiteStatus } from '../../../shared/fleet.ts';
import type { SitePoll, SiteState } from '../store/poll-state-repo.ts';

export function siteStatus(siteId: number, state: SiteState | undefined, poll: SitePoll, inMaintenance: boolean): SiteStatus {
  const hostKeyState = poll.hostkeyApproved === null ? (poll.hostkeyPending ? 'pending' : 'none') : poll.hostkeyPending ? 'changed' : 'pinned';
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
    hostKey: { state: hostKeyState, approved: poll.hostkeyApproved, pending: poll.hostkeyPending },
    inMaintenance,
    alertsMuted: poll.alertsMuted,
    agentVersion: state?.agentVersion ?? null,
  };
}
