// The simulated agent's protocol 1.1 `auth` verbs over the school's own key set. Like the
// reference agent it never locks the console out: it refuses to remove the key the
// session logged in with, or the last key.
import type { AgentRequest, AgentErrorCode } from '../shared/protocol/v1.ts';
import type { AuthorizedKeys } from './authorized-keys.ts';

export interface AgentKeys {
  keys: AuthorizedKeys;
  /** The fingerprint this session logged in with; null when there is no SSH session. */
  session: string | null;
}

type Outcome = { ok: true; data: unknown } | { ok: false; code: AgentErrorCode; message: string };
const fail = (code: AgentErrorCode, message: string): Outcome => ({ ok: false, code, message });

export function authVerb(agent: AgentKeys | null, req: AgentRequest | { error: string }, line: string, busy: () => string | null): Outcome {
  if ('error' in req) {
    // A well-formed add-key whose key is not one we take says so with its own code.
    const words = line.trim().split(/\s+/);
    return words[2] === 'add-key' && words.length === 5 ? fail('E_KEY_REFUSED', req.error) : fail('E_USAGE', req.error);
  }
  if (agent === null) return fail('E_INTERNAL', 'no authorized keys file for this account');
  const { keys, session } = agent;
  switch (req.verb) {
    case 'auth-list':
      return { ok: true, data: { keys: keys.list(), session } };
    case 'auth-add-key': {
      const refused = busy();
      if (refused !== null) return fail('E_BUSY', refused);
      const added = keys.add(req.keyType, req.keyBase64, 'added by b2b-console');
      return added === null ? fail('E_KEY_REFUSED', 'the key could not be read') : { ok: true, data: { ...added, keys: keys.size } };
    }
    case 'auth-remove-key': {
      const refused = busy();
      if (refused !== null) return fail('E_BUSY', refused);
      const present = keys.list().some((k) => k.fingerprint === req.fingerprint);
      if (!present) return { ok: true, data: { fingerprint: req.fingerprint, removed: false, keys: keys.size } };
      if (keys.size <= 1) return fail('E_LAST_KEY', 'that is the only key left; add another first');
      if (session === null) return fail('E_KEY_IN_USE', 'cannot tell which key this session logged in with, so no key is removed');
      if (req.fingerprint === session) return fail('E_KEY_IN_USE', 'this session logged in with that key; log in with another key to remove it');
      keys.remove(req.fingerprint);
      return { ok: true, data: { fingerprint: req.fingerprint, removed: true, keys: keys.size } };
    }
    default:
      return fail('E_USAGE', `not an auth verb: ${req.verb}`);
  }
}
