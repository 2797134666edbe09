// What the journal has learned in this estate: how often each action cleared each reason.
// Read once for the whole app and again when actions move on, so every remedy shown in
// triage and site detail shares one read instead of one per row.
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { ActionKind, EffectivenessRow } from '../../../shared/actions.ts';
import { useApi } from '../api/api-context.tsx';
import { useLiveActions } from './use-live-actions.ts';

const Ctx = createContext<readonly EffectivenessRow[]>([]);

export function EffectivenessProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const read = useCallback(() => api.call('actions.effectiveness', {}), [api]);
  const { data } = useLiveActions(read);
  return <Ctx.Provider value={data ?? []}>{children}</Ctx.Provider>;
}

/** The figures for one reason and action, or null when nothing has been judged yet. */
export function useEffectiveness(reasonCode: string, kind: ActionKind): EffectivenessRow | null {
  const rows = useContext(Ctx);
  return rows.find((r) => r.reasonCode === reasonCode && r.kind === kind && r.judged > 0) ?? null;
}
