// A healthy agent status document as of `now`, for tests to break one field at a time.
import type { AgentStatus, DatasetStatus } from '../../shared/protocol/v1.ts';

export const iso = (ms: number) => new Date(ms).toISOString();

export function okDataset(lastSuccess: number, recordsSent = 12): DatasetStatus {
  return { lastSuccess: iso(lastSuccess), lastAttempt: iso(lastSuccess - 60_000), result: 'ok', errorCode: null, errorMessage: null, recordsSent, runningSince: null };
}

export function healthyStatus(now: number, lastSuccess = now - 3_600_000): AgentStatus {
  return {
    agent: { name: 'b2b-agent-test', version: '1.4.0' },
    b2b: { product: 'Capita One B2B', version: '3.77.2' },
    service: { state: 'running', since: iso(now - 5 * 86_400_000), restarts24h: 0 },
    datasets: { pupils: okDataset(lastSuccess), attendance: okDataset(lastSuccess), exclusions: okDataset(lastSuccess, 0), assessment: okDataset(lastSuccess, 0) },
    backlog: { pending: 0, oldest: null },
    mis: { product: 'SIMS', version: '7.220', reachable: true, error: null },
    endpoint: { url: 'https://b2b.la.example/one/b2b', reachable: true, error: null },
    credentials: { expires: iso(now + 200 * 86_400_000), certificateExpires: iso(now + 300 * 86_400_000) },
    config: { hash: `sha256:${'a'.repeat(64)}`, appliedAt: iso(now - 30 * 86_400_000) },
    host: { hostname: 'sims-srv01', clock: iso(now), diskFreeMb: 40_000, diskTotalMb: 100_000 },
  };
}
