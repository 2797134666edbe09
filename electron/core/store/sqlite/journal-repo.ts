// The action journal: runs and their actions, every state they pass through, what the
// agent answered, and whether it fixed anything. The action service decides; this writes.
import type { Action, ActionKind, ActionParams, ActionState, Run, RunPacing, Verification } from '../../../../shared/actions.ts';
import { toAction, toRun, type ActionRow, type RunRow } from '../journal-rows.ts';
import type { Db } from './db.ts';

export interface NewAction {
  siteId: number;
  siteName: string;
  state: 'queued' | 'waiting';
  expiresAt: number | null;
}

export interface NewRun {
  kind: ActionKind;
  params: ActionParams;
  actor: string;
  pacing: RunPacing;
  skipped: Run['skipped'];
  at: number;
  actions: readonly NewAction[];
  /** The process that will run them: 'console', or a collector's id. */
  owner: string;
}

/** How an action ended, as the service decided it. */
export interface Settlement {
  state: ActionState;
  at: number;
  errorCode: string | null;
  message: string | null;
  output: string | null;
  outputSha256: string | null;
  outputTruncated: boolean;
  verification: Verification;
  verifyUntil: number | null;
}

export interface JournalFilter {
  siteId?: number;
  kind?: ActionKind;
  state?: ActionState;
  actor?: string;
  from?: number;
  to?: number;
  /** Entries older than this id (keyset paging, newest first). */
  beforeId?: number;
  limit: number;
}

export interface Effectiveness {
  reasonCode: string;
  kind: ActionKind;
  cleared: number;
  judged: number;
}

export class JournalRepo {
  readonly #db: Db;
  readonly #s;

  constructor(db: Db) {
    this.#db = db;
    this.#s = {
      insertRun: db.prepare('INSERT INTO action_runs (kind, params, actor, pacing, skipped, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertAction: db.prepare(
        'INSERT INTO actions (run_id, site_id, site_name, kind, params, state, actor, created_at, expires_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      insertReason: db.prepare('INSERT OR IGNORE INTO action_reasons (action_id, reason_code) VALUES (?, ?)'),
      claim: db.prepare("UPDATE actions SET state = 'running', started_at = ?, verdict_before = ?, owner = ? WHERE id = ? AND state IN ('queued', 'waiting')"),
      settle: db.prepare(`UPDATE actions SET state = @state, finished_at = @at, error_code = @errorCode, message = @message, output = @output,
        output_sha256 = @outputSha256, output_truncated = @outputTruncated, verification = @verification, verify_until = @verifyUntil WHERE id = @id AND state IN ('queued', 'waiting', 'running')`),
      toWaiting: db.prepare("UPDATE actions SET state = 'waiting', expires_at = ? WHERE id = ? AND state = 'queued'"),
      verifyUntil: db.prepare<[number], { verify_until: number | null }>('SELECT verify_until FROM actions WHERE id = ?'),
      verify: db.prepare('UPDATE actions SET verification = ?, verdict_after = ? WHERE id = ?'),
      cancelRun: db.prepare("UPDATE actions SET state = 'cancelled', finished_at = ? WHERE run_id = ? AND state IN ('queued', 'waiting')"),
      cancelOne: db.prepare("UPDATE actions SET state = 'cancelled', finished_at = ? WHERE id = ? AND state IN ('queued', 'waiting')"),
      expire: db.prepare<[number, number], ActionRow>(
        "UPDATE actions SET state = 'expired', finished_at = ?, message = 'The site did not come back before the action expired' WHERE state = 'waiting' AND expires_at <= ? RETURNING *",
      ),
      // What a process left behind: never an action a live collector (listed in the JSON array) is running.
      orphaned: db.prepare<[number, number, string], ActionRow>(
        "UPDATE actions SET state = 'unknown', finished_at = ?, message = 'The console stopped while this was running: it may or may not have happened, and it was not sent again', verification = 'pending', verify_until = ? WHERE state = 'running' AND (owner IS NULL OR owner NOT IN (SELECT value FROM json_each(?))) RETURNING *",
      ),
      orphanedQueued: db.prepare<[number, string], ActionRow>(
        "UPDATE actions SET state = 'cancelled', finished_at = ?, message = 'The console stopped before this was sent' WHERE state = 'queued' AND (owner IS NULL OR owner NOT IN (SELECT value FROM json_each(?))) RETURNING *",
      ),
      get: db.prepare<[number], ActionRow>('SELECT * FROM actions WHERE id = ?'),
      ofRun: db.prepare<[number], ActionRow>('SELECT * FROM actions WHERE run_id = ? ORDER BY id'),
      waitingFor: db.prepare<[number], ActionRow>("SELECT * FROM actions WHERE site_id = ? AND state = 'waiting' ORDER BY id"),
      waiting: db.prepare<[], ActionRow>("SELECT * FROM actions WHERE state = 'waiting' ORDER BY id"),
      queued: db.prepare<[number], ActionRow>("SELECT * FROM actions WHERE run_id = ? AND state = 'queued' ORDER BY id"),
      // Both halves use a partial index (actions_open, actions_verifying): cheap however long the journal.
      openWork: db.prepare<[], { site_id: number }>("SELECT site_id FROM actions WHERE state = 'waiting' UNION SELECT site_id FROM actions WHERE verification = 'pending'"),
      verifying: db.prepare<[number], ActionRow>("SELECT * FROM actions WHERE site_id = ? AND verification = 'pending' ORDER BY id"),
      rate: db.prepare<[number, string, number], { n: number }>(
        "SELECT count(*) AS n FROM actions WHERE site_id = ? AND kind = ? AND created_at > ? AND state NOT IN ('cancelled', 'expired')",
      ),
      run: db.prepare<[number], RunRow>('SELECT * FROM action_runs WHERE id = ?'),
      runs: db.prepare<[number], RunRow>('SELECT * FROM action_runs ORDER BY id DESC LIMIT ?'),
      counts: db.prepare<[number], { state: string; n: number }>('SELECT state, count(*) AS n FROM actions WHERE run_id = ? GROUP BY state'),
      openInRun: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM actions WHERE run_id = ? AND state IN ('queued', 'waiting', 'running')"),
      finishRun: db.prepare("UPDATE action_runs SET state = ?, finished_at = ? WHERE id = ? AND state = 'running'"),
      effectiveness: db.prepare<[], { reason_code: string; kind: string; cleared: number; judged: number }>(
        `SELECT r.reason_code, a.kind, sum(a.verification = 'cleared') AS cleared, count(*) AS judged
         FROM action_reasons r JOIN actions a ON a.id = r.action_id
         WHERE a.verification IN ('cleared', 'not-cleared') GROUP BY r.reason_code, a.kind`,
      ),
    };
  }

  /** One transaction: the run and every site's action, all or nothing. */
  createRun(run: NewRun): { runId: number; actionIds: number[] } {
    return this.#db.transaction(() => {
      const runId = Number(
        this.#s.insertRun.run(run.kind, JSON.stringify(run.params), run.actor, JSON.stringify(run.pacing), JSON.stringify(run.skipped), 'running', run.at).lastInsertRowid,
      );
      const params = JSON.stringify(run.params);
      const actionIds = run.actions.map((a) =>
        Number(this.#s.insertAction.run(runId, a.siteId, a.siteName, run.kind, params, a.state, run.actor, run.at, a.expiresAt, run.owner).lastInsertRowid),
      );
      return { runId, actionIds };
    })();
  }

  /** Marks an action running before its command is sent; false if it was cancelled meanwhile. */
  claim(actionId: number, at: number, verdictBefore: string | null, reasonCodes: readonly string[], owner: string): boolean {
    return this.#db.transaction(() => {
      if (this.#s.claim.run(at, verdictBefore, owner, actionId).changes !== 1) return false;
      for (const code of reasonCodes) this.#s.insertReason.run(actionId, code);
      return true;
    })();
  }

  /** A queued action whose site turned out to be off: it waits for the site, nothing sent. */
  toWaiting(actionId: number, expiresAt: number): void {
    this.#s.toWaiting.run(expiresAt, actionId);
  }

  verifyUntil(actionId: number): number | null {
    return this.#s.verifyUntil.get(actionId)?.verify_until ?? null;
  }

  /** Ends an open action; a command that was never sent can end straight from queued or waiting. */
  settle(actionId: number, s: Settlement): void {
    this.#s.settle.run({ ...s, outputTruncated: s.outputTruncated ? 1 : 0, id: actionId });
  }

  recordVerification(actionId: number, verification: Verification, verdictAfter: string | null): void {
    this.#s.verify.run(verification, verdictAfter, actionId);
  }

  cancelRun(runId: number, at: number): number {
    return this.#s.cancelRun.run(at, runId).changes;
  }

  cancelAction(actionId: number, at: number): boolean {
    return this.#s.cancelOne.run(at, actionId).changes === 1;
  }

  expireWaiting(now: number): Action[] {
    return this.#s.expire.all(now, now).map(toAction);
  }

  /**
   * After a restart: what was running is unknown (and is judged by the next poll), what
   * was queued in a run that died with the process is cancelled. Waiting actions wait on.
   */
  /** `keep`: owners whose actions are someone's live work (other collectors alive now), never touched. */
  recoverAfterCrash(now: number, verifyUntil: number, keep: readonly string[] = []): { unknown: Action[]; cancelled: Action[] } {
    const owners = JSON.stringify(keep);
    return this.#db.transaction(() => ({ unknown: this.#s.orphaned.all(now, verifyUntil, owners).map(toAction), cancelled: this.#s.orphanedQueued.all(now, owners).map(toAction) }))();
  }

  get(actionId: number): Action | null {
    const r = this.#s.get.get(actionId);
    return r ? toAction(r) : null;
  }

  actionsOf(runId: number): Action[] {
    return this.#s.ofRun.all(runId).map(toAction);
  }

  queuedOf(runId: number): Action[] {
    return this.#s.queued.all(runId).map(toAction);
  }

  waitingFor(siteId: number): Action[] {
    return this.#s.waitingFor.all(siteId).map(toAction);
  }

  allWaiting(): Action[] {
    return this.#s.waiting.all().map(toAction);
  }

  /** Sites with an action waiting for them or a change to verify: the only polls actions care about. */
  sitesWithOpenWork(): number[] {
    return this.#s.openWork.all().map((r) => r.site_id);
  }

  pendingVerification(siteId: number): Action[] {
    return this.#s.verifying.all(siteId).map(toAction);
  }

  /** Actions of this kind at this site since a time (cancelled and expired ones do not count). */
  countSince(siteId: number, kind: ActionKind, since: number): number {
    return this.#s.rate.get(siteId, kind, since)?.n ?? 0;
  }

  run(runId: number): Run | null {
    const r = this.#s.run.get(runId);
    return r ? toRun(r, this.#s.counts.all(runId)) : null;
  }

  recentRuns(limit: number): Run[] {
    return this.#s.runs.all(limit).flatMap((r) => this.run(r.id) ?? []);
  }

  /** Closes a run whose actions have all ended; returns whether it did. */
  finishRunIfDone(runId: number, at: number, cancelled: boolean): boolean {
    if ((this.#s.openInRun.get(runId)?.n ?? 0) > 0) return false;
    return this.#s.finishRun.run(cancelled ? 'cancelled' : 'finished', at, runId).changes === 1;
  }

  /** A page of the journal, newest first, filtered. */
  page(f: JournalFilter): Action[] {
    const { sql, args } = journalPageSql(f);
    return this.#db.prepare<(string | number)[], ActionRow>(sql).all(...args).map(toAction);
  }

  /** How often each action kind cleared each reason, over every judged action. */
  effectiveness(): Effectiveness[] {
    return this.#s.effectiveness.all().map((r) => ({ reasonCode: r.reason_code, kind: r.kind as ActionKind, cleared: r.cleared, judged: r.judged }));
  }
}

/** The journal page's query: every filter an index can serve, newest first, keyset-paged. */
export function journalPageSql(f: JournalFilter): { sql: string; args: (string | number)[] } {
  const conditions: [string, string | number | undefined][] = [
    ['site_id = ?', f.siteId],
    ['kind = ?', f.kind],
    ['state = ?', f.state],
    ['actor = ?', f.actor],
    ['created_at >= ?', f.from],
    ['created_at < ?', f.to],
    // Keyset paging in the page's own order (newest first by time, then id).
    ['(created_at, id) < (SELECT created_at, id FROM actions WHERE id = ?)', f.beforeId],
  ];
  const used = conditions.filter((c): c is [string, string | number] => c[1] !== undefined);
  const where = used.length ? `WHERE ${used.map(([sql]) => sql).join(' AND ')}` : '';
  return { sql: `SELECT * FROM actions ${where} ORDER BY created_at DESC, id DESC LIMIT ?`, args: [...used.map(([, v]) => v), f.limit] };
}
