// One action dialog for the whole app: triage, site detail and the fleet views ask for it
// with the sites (and maybe a remedy's action), so each place needs no dialog of its own.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ActionParamsInput } from '../../../shared/actions.ts';
import { ActionDialog } from './ActionDialog.tsx';

export interface ActionTarget {
  siteIds: readonly number[] | 'all';
  /** The action to start from, e.g. a remedy's restart; the person can still change it. */
  preset?: ActionParamsInput;
}

type Open = (target: ActionTarget) => void;
const Ctx = createContext<Open | null>(null);

export function ActionDialogProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState<{ target: ActionTarget; n: number } | null>(null);
  const show = useCallback<Open>((target) => setOpen((o) => ({ target, n: (o?.n ?? 0) + 1 })), []);
  const close = useCallback(() => setOpen(null), []);
  const value = useMemo(() => show, [show]);
  return (
    <Ctx.Provider value={value}>
      {children}
      {/* Keyed per opening: each starts from its own preset, never the last one's choices. */}
      {open && <ActionDialog key={open.n} target={open.target} onClose={close} />}
    </Ctx.Provider>
  );
}

export function useOpenActionDialog(): Open {
  const open = useContext(Ctx);
  if (!open) throw new Error('useOpenActionDialog needs an <ActionDialogProvider> above it');
  return open;
}
