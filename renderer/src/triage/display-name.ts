// Who is acknowledging and writing notes: asked once, remembered on this machine.
import { useSyncExternalStore } from 'react';

const KEY = 'b2b.displayName';
const listeners = new Set<() => void>();
const subscribe = (cb: () => void): (() => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

export function getDisplayName(): string | null {
  const name = localStorage.getItem(KEY)?.trim();
  return name ? name : null;
}

export function setDisplayName(name: string): void {
  localStorage.setItem(KEY, name.trim());
  for (const l of listeners) l();
}

export function useDisplayName(): string | null {
  return useSyncExternalStore(subscribe, getDisplayName);
}
