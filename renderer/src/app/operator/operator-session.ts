// Who is using the console in this browser session. Browser mode asks once per session
// (sessionStorage: a new tab or a closed browser asks again, so a shared PC does not carry
// the last person's name over); the desktop acts for its OS user and asks nothing.
import { createContext, useContext } from 'react';
import { OperatorNameSchema } from '../../../../shared/core-messages.ts';

const KEY = 'b2b.operator';

/** The name this session gave, or null (none yet, or storage refused by policy). */
export function readSessionOperator(): string | null {
  try {
    const parsed = OperatorNameSchema.safeParse(window.sessionStorage.getItem(KEY));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function storeSessionOperator(name: string): void {
  try {
    window.sessionStorage.setItem(KEY, name);
  } catch {
    // Without storage the name lasts for this page; a reload asks again, which is safe.
  }
}

/** Browser mode only: switches the session to another person (reconnects under the new name). */
export interface OperatorSession {
  change(name: string): void;
}

export const OperatorSessionContext = createContext<OperatorSession | null>(null);

/** Null on the desktop, where the operator is the OS user and cannot be changed here. */
export function useOperatorSession(): OperatorSession | null {
  return useContext(OperatorSessionContext);
}
