// Who is asking: every audited change names a real person, never the app.
import os from 'node:os';

/** What the transport knows about the caller of one request. */
export interface RequestContext {
  /** The operator, as the audit trail records them. */
  actor: string;
}

let osUser: string | null = null;

/**
 * The OS account running the core: the desktop's operator. Browser mode names each
 * connection's operator instead (electron/server/operator-context.ts). Resolved once.
 */
export function osOperator(): RequestContext {
  osUser ??= resolveOsUser();
  return { actor: osUser };
}

function resolveOsUser(): string {
  try {
    const name = os.userInfo().username;
    if (name) return name;
  } catch {
    // No passwd entry (e.g. an arbitrary container uid): fall back to what the session says.
  }
  return process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
}
