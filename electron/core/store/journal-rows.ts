// Journal rows as both backends read them, turned into the shapes the UI contract carries.
import type { Action, ActionKind, ActionParams, ActionState, Run, RunPacing, Verification } from '../../../shared/actions.ts';

export interface ActionRow {
  id: number;
  run_id: number;
  site_id: number;
  site_name: string;
  kind: string;
  params: string;
  state: string;
  actor: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  expires_at: number | null;
  error_code: string | null;
  message: string | null;
  output: string | null;
  output_sha256: string | null;
  output_truncated: number;
  verification: string;
  verify_until: number | null;
  verdict_before: string | null;
  verdict_after: string | null;
}

export interface RunRow {
  id: number;
  kind: string;
  params: string;
  actor: string;
  pacing: string;
  skipped: string;
  state: string;
  created_at: number;
  finished_at: number | null;
}

export const toAction = (r: ActionRow): Action => ({
  id: r.id,
  runId: r.run_id,
  siteId: r.site_id,
  siteName: r.site_name,
  kind: r.kind as ActionKind,
  params: JSON.parse(r.params) as ActionParams,
  state: r.state as ActionState,
  actor: r.actor,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  expiresAt: r.expires_at,
  errorCode: r.error_code,
  message: r.message,
  output: r.output,
  outputSha256: r.output_sha256,
  outputTruncated: r.output_truncated === 1,
  verification: r.verification as Verification,
  verdictBefore: r.verdict_before,
  verdictAfter: r.verdict_after,
});

/** A run with its actions counted by state. */
export function toRun(r: RunRow, byState: readonly { state: string; n: number }[]): Run {
  const counts: Partial<Record<ActionState, number>> = {};
  let total = 0;
  for (const c of byState) {
    counts[c.state as ActionState] = c.n;
    total += c.n;
  }
  return {
    id: r.id,
    kind: r.kind as ActionKind,
    params: JSON.parse(r.params) as ActionParams,
    actor: r.actor,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    state: r.state as Run['state'],
    pacing: JSON.parse(r.pacing) as RunPacing,
    skipped: JSON.parse(r.skipped) as Run['skipped'],
    counts,
    total,
  };
}
