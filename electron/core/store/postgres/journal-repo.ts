// The action journal on PostgreSQL: runs and their actions, every state they pass through,
// what the agent answered, and whether it fixed anything. The action service decides; this writes.
import type { Action, ActionKind, Run, Verification } from '../../../../shared/actions.ts';
import { toAction, toRun, type ActionRow, type RunRow } from '../journal-rows.ts';
import type { Effectiveness, JournalFilter, NewRun, Settlement } from '../sqlite/journal-repo.ts';
import type { PgDb } from './pg-db.ts';

const OPEN = "('queued', 'waiting', 'running')";

/** The per-site and per-action statements the poller and the action service run, exported so their plans are tested. */
export const HOT_JOURNAL_SQL = {
  // One statement: the state check and the write are one compare-and-set, and the reasons go in only if it won.
  claim: `WITH c AS (
      UPDATE actions SET state = 'running', started_at = $2, verdict_before = $3, owner = $5 WHERE id = $1 AND state IN ('queued', 'waiting') RETURNING id),
    r AS (
      INSERT INTO action_reasons (action_id, reason_code) SELECT c.id, code FROM c, unnest($4::text[]) AS code ON CONFLICT DO NOTHING)
    SELECT count(*) AS n FROM c`,
  waitingFor: "SELECT * FROM actions WHERE site_id = $1 AND state = 'waiting' ORDER BY id",
  verifying: "SELECT * FROM actions WHERE site_id = $1 AND verification = 'pending' ORDER BY id",
  rate: "SELECT count(*) AS n FROM actions WHERE site_id = $1 AND kind = $2 AND created_at > $3 AND state NOT IN ('cancelled', 'expired')",
};

const byId = (a: Action, b: Action) => a.id - b.id;

export class PgJournalRepo {
  readonly #db: PgDb;

  constructor(db: PgDb) {
    this.#db = db;
  }

  /** One transaction: the run and every site's action, all or nothing. */
  createRun(run: NewRun): Promise<{ runId: number; actionIds: number[] }> {
    return this.#db.transaction(async () => {
      const params = JSON.stringify(run.params);
      const { id: runId } = await this.#db.one<{ id: number }>(
        "INSERT INTO action_runs (kind, params, actor, pacing, skipped, state, created_at) VALUES ($1, $2, $3, $4, $5, 'running', $6) RETURNING id",
        [run.kind, params, run.actor, JSON.stringify(run.pacing), JSON.stringify(run.skipped), run.at],
      );
      // Ids are drawn in the order rows are produced (by ordinality), so sorting them gives the actions' order.
      const rows = await this.#db.query<{ id: number }>(
        `INSERT INTO actions (run_id, site_id, site_name, kind, params, state, actor, created_at, expires_at, owner)
         SELECT $1, a.site_id, a.site_name, $2, $3, a.state, $4, $5, a.expires_at, $10
         FROM unnest($6::bigint[], $7::text[], $8::text[], $9::bigint[]) WITH ORDINALITY AS a (site_id, site_name, state, expires_at, ord) ORDER BY a.ord
         RETURNING id`,
        [runId, run.kind, params, run.actor, run.at, run.actions.map((a) => a.siteId), run.actions.map((a) => a.siteName), run.actions.map((a) => a.state), run.actions.map((a) => a.expiresAt), run.owner],
      );
      return { runId, actionIds: rows.map((r) => r.id).sort((a, b) => a - b) };
    });
  }

  /** Marks an action running before its command is sent; false if it was cancelled (or claimed) meanwhile. */
  async claim(actionId: number, at: number, verdictBefore: string | null, reasonCodes: readonly string[], owner: string): Promise<boolean> {
    const row = await this.#db.one<{ n: number }>(HOT_JOURNAL_SQL.claim, [actionId, at, verdictBefore, [...new Set(reasonCodes)], owner], 'journal.claim');
    return row.n === 1;
  }

  /** A queued action whose site turned out to be off: it waits for the site, nothing sent. */
  async toWaiting(actionId: number, expiresAt: number): Promise<void> {
    await this.#db.run("UPDATE actions SET state = 'waiting', expires_at = $1 WHERE id = $2 AND state = 'queued'", [expiresAt, actionId], 'journal.toWaiting');
  }

  async verifyUntil(actionId: number): Promise<number | null> {
    const row = await this.#db.maybeOne<{ verify_until: number | null }>('SELECT verify_until FROM actions WHERE id = $1', [actionId], 'journal.verifyUntil');
    return row?.verify_until ?? null;
  }

  /** Ends an open action; a command that was never sent can end straight from queued or waiting. */
  async settle(actionId: number, s: Settlement): Promise<void> {
    await this.#db.run(
      `UPDATE actions SET state = $2, finished_at = $3, error_code = $4, message = $5, output = $6,
         output_sha256 = $7, output_truncated = $8, verification = $9, verify_until = $10 WHERE id = $1 AND state IN ${OPEN}`,
      [actionId, s.state, s.at, s.errorCode, s.message, s.output, s.outputSha256, s.outputTruncated ? 1 : 0, s.verification, s.verifyUntil],
      'journal.settle',
    );
  }

  async recordVerification(actionId: number, verification: Verification, verdictAfter: string | null): Promise<void> {
    await this.#db.run('UPDATE actions SET verification = $1, verdict_after = $2 WHERE id = $3', [verification, verdictAfter, actionId], 'journal.verify');
  }

  cancelRun(runId: number, at: number): Promise<number> {
    return this.#db.run("UPDATE actions SET state = 'cancelled', finished_at = $1 WHERE run_id = $2 AND state IN ('queued', 'waiting')", [at, runId]);
  }

  async cancelAction(actionId: number, at: number): Promise<boolean> {
    return (await this.#db.run("UPDATE actions SET state = 'cancelled', finished_at = $1 WHERE id = $2 AND state IN ('queued', 'waiting')", [at, actionId])) === 1;
  }

  async expireWaiting(now: number): Promise<Action[]> {
    const rows = await this.#db.query<ActionRow>(
      "UPDATE actions SET state = 'expired', finished_at = $1, message = 'The site did not come back before the action expired' WHERE state = 'waiting' AND expires_at <= $1 RETURNING *",
      [now],
      'journal.expire',
    );
    return rows.map(toAction).sort(byId);
  }

  /**
   * After a restart: what was running is unknown (and is judged by the next poll), what
   * was queued in a run that died with the process is cancelled. Waiting actions wait on.
   */
  /** `keep`: owners whose actions are someone's live work (other collectors alive now), never touched. */
  recoverAfterCrash(now: number, verifyUntil: number, keep: readonly string[] = []): Promise<{ unknown: Action[]; cancelled: Action[] }> {
    return this.#db.transaction(async () => {
      const unknown = await this.#db.query<ActionRow>(
        "UPDATE actions SET state = 'unknown', finished_at = $1, message = 'The console stopped while this was running: it may or may not have happened, and it was not sent again', verification = 'pending', verify_until = $2 WHERE state = 'running' AND (owner IS NULL OR NOT (owner = ANY($3::text[]))) RETURNING *",
        [now, verifyUntil, keep],
      );
      const cancelled = await this.#db.query<ActionRow>(
        "UPDATE actions SET state = 'cancelled', finished_at = $1, message = 'The console stopped before this was sent' WHERE state = 'queued' AND (owner IS NULL OR NOT (owner = ANY($2::text[]))) RETURNING *",
        [now, keep],
      );
      return { unknown: unknown.map(toAction).sort(byId), cancelled: cancelled.map(toAction).sort(byId) };
    });
  }

  async get(actionId: number): Promise<Action | null> {
    const r = await this.#db.maybeOne<ActionRow>('SELECT * FROM actions WHERE id = $1', [actionId], 'journal.get');
    return r ? toAction(r) : null;
  }

  async actionsOf(runId: number): Promise<Action[]> {
    return (await this.#db.query<ActionRow>('SELECT * FROM actions WHERE run_id = $1 ORDER BY id', [runId], 'journal.actionsOf')).map(toAction);
  }

  async queuedOf(runId: number): Promise<Action[]> {
    return (await this.#db.query<ActionRow>("SELECT * FROM actions WHERE run_id = $1 AND state = 'queued' ORDER BY id", [runId], 'journal.queuedOf')).map(toAction);
  }

  async waitingFor(siteId: number): Promise<Action[]> {
    return (await this.#db.query<ActionRow>(HOT_JOURNAL_SQL.waitingFor, [siteId], 'journal.waitingFor')).map(toAction);
  }

  async allWaiting(): Promise<Action[]> {
    return (await this.#db.query<ActionRow>("SELECT * FROM actions WHERE state = 'waiting' ORDER BY id", [], 'journal.allWaiting')).map(toAction);
  }

  /** Sites with an action waiting for them or a change to verify: the only polls actions care about. */
  async sitesWithOpenWork(): Promise<number[]> {
    const rows = await this.#db.query<{ site_id: number }>(
      "SELECT site_id FROM actions WHERE state = 'waiting' UNION SELECT site_id FROM actions WHERE verification = 'pending'",
      [],
      'journal.openWork',
    );
    return rows.map((r) => r.site_id);
  }

  async pendingVerification(siteId: number): Promise<Action[]> {
    return (await this.#db.query<ActionRow>(HOT_JOURNAL_SQL.verifying, [siteId], 'journal.verifying')).map(toAction);
  }

  /** Actions of this kind at this site since a time (cancelled and expired ones do not count). */
  async countSince(siteId: number, kind: ActionKind, since: number): Promise<number> {
    return (await this.#db.one<{ n: number }>(HOT_JOURNAL_SQL.rate, [siteId, kind, since], 'journal.rate')).n;
  }

  async run(runId: number): Promise<Run | null> {
    const r = await this.#db.maybeOne<RunRow>('SELECT * FROM action_runs WHERE id = $1', [runId], 'journal.run');
    if (!r) return null;
    return toRun(r, await this.#db.query<{ state: string; n: number }>('SELECT state, count(*) AS n FROM actions WHERE run_id = $1 GROUP BY state', [runId], 'journal.runCounts'));
  }

  async recentRuns(limit: number): Promise<Run[]> {
    const rows = await this.#db.query<{ id: number }>('SELECT id FROM action_runs ORDER BY id DESC LIMIT $1', [limit]);
    const runs: Run[] = [];
    for (const { id } of rows) {
      const run = await this.run(id);
      if (run) runs.push(run);
    }
    return runs;
  }

  /** Closes a run whose actions have all ended; returns whether it did. */
  async finishRunIfDone(runId: number, at: number, cancelled: boolean): Promise<boolean> {
    // One statement, so an action opened meanwhile in this run keeps it running.
    const changed = await this.#db.run(
      `UPDATE action_runs SET state = $1, finished_at = $2 WHERE id = $3 AND state = 'running'
       AND NOT EXISTS (SELECT 1 FROM actions WHERE run_id = $3 AND state IN ${OPEN})`,
      [cancelled ? 'cancelled' : 'finished', at, runId],
    );
    return changed === 1;
  }

  /** A page of the journal, newest first, filtered. */
  async page(f: JournalFilter): Promise<Action[]> {
    const { sql, args } = pgJournalPageSql(f);
    return (await this.#db.query<ActionRow>(sql, args)).map(toAction);
  }

  /** How often each action kind cleared each reason, over every judged action. */
  async effectiveness(): Promise<Effectiveness[]> {
    const rows = await this.#db.query<{ reason_code: string; kind: string; cleared: number; judged: number }>(
      `SELECT r.reason_code, a.kind, count(*) FILTER (WHERE a.verification = 'cleared') AS cleared, count(*) AS judged
       FROM action_reasons r JOIN actions a ON a.id = r.action_id
       WHERE a.verification IN ('cleared', 'not-cleared') GROUP BY r.reason_code, a.kind ORDER BY r.reason_code, a.kind`,
    );
    return rows.map((r) => ({ reasonCode: r.reason_code, kind: r.kind as ActionKind, cleared: r.cleared, judged: r.judged }));
  }
}

/** The journal page's query: every filter an index can serve, newest first, keyset-paged. */
export function pgJournalPageSql(f: JournalFilter): { sql: string; args: (string | number)[] } {
  const conditions: [string, string | number | undefined][] = [
    ['site_id = $', f.siteId],
    ['kind = $', f.kind],
    ['state = $', f.state],
    ['actor = $', f.actor],
    ['created_at >= $', f.from],
    ['created_at < $', f.to],
    // Keyset paging in the page's own order (newest first by time, then id).
    ['(created_at, id) < (SELECT created_at, id FROM actions WHERE id = $)', f.beforeId],
  ];
  const used = conditions.filter((c): c is [string, string | number] => c[1] !== undefined);
  const where = used.length ? `WHERE ${used.map(([sql], i) => sql.replace('$', `$${i + 1}`)).join(' AND ')}` : '';
  return { sql: `SELECT * FROM actions ${where} ORDER BY created_at DESC, id DESC LIMIT $${used.length + 1}`, args: [...used.map(([, v]) => v), f.limit] };
}
