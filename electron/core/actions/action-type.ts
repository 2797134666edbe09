// One interface for every kind of remote action. A type checks nothing itself (the
// contract's schema did), says what it will do, names the protocol request it sends,
// and judges from a later status whether it worked. Adding a kind is one file plus its
// line in registry.ts.
import type { ActionKind, ActionParams } from '../../../shared/actions.ts';
import type { AgentRequest, AgentStatus } from '../../../shared/protocol/v1.ts';

export type ParamsOf<K extends ActionKind> = Extract<ActionParams, { kind: K }>;

/** What a status seen after the action says: it worked, not yet, or it cannot have. */
export type Check = 'cleared' | 'pending' | 'not-cleared';

export interface ActionType<K extends ActionKind = ActionKind> {
  readonly kind: K;
  /** Button and journal label: "Restart". */
  readonly label: string;
  /** For incident notes: "Restarted". */
  readonly pastTense: string;
  /** Changes the school (rate-limited, verified) rather than only reading from it. */
  readonly changesSchool: boolean;
  /** At most this many per site per hour (null: no limit). */
  readonly perSiteHourly: number | null;
  /** "Restart the B2B service (agent verb: restart)". */
  describe(params: ParamsOf<K>): string;
  /** What a person should expect to see afterwards. */
  expectedEffect(params: ParamsOf<K>): string;
  /** The one protocol request it sends: fixed verbs only. */
  request(params: ParamsOf<K>): AgentRequest;
  /**
   * Judges a status polled after the action was sent at `sentAt`; null when there is
   * nothing to verify (a read-only action).
   */
  verify(params: ParamsOf<K>, after: AgentStatus, sentAt: number): Check | null;
}
