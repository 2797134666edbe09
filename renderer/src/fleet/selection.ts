// The fleet selection (ticked rows in the table), kept outside the table so the config view
// can assign a template to it and a rollout can be planned for it.
import { useSyncExternalStore } from 'react';

let current: ReadonlySet<number> = new Set();
const listeners = new Set<() => void>();
const subscribe = (cb: () => void): (() => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

export function setFleetSelection(next: ReadonlySet<number> | ((s: ReadonlySet<number>) => ReadonlySet<number>)): void {
  current = typeof next === 'function' ? next(current) : next;
  for (const l of listeners) l();
}

export function useFleetSelection(): ReadonlySet<number> {
  return useSyncExternalStore(subscribe, () => current);
}
