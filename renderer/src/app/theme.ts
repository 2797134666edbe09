// The theme: follow the system, or a choice the person made, remembered on this machine.
// styles.css reads data-theme on <html>; without it the OS preference applies.
import { useCallback, useSyncExternalStore } from 'react';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
const KEY = 'b2b.theme';
const listeners = new Set<() => void>();

function read(): Theme {
  const stored = localStorage.getItem(KEY);
  return (THEMES as readonly string[]).includes(stored ?? '') ? (stored as Theme) : 'system';
}

export function applyTheme(theme: Theme = read()): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

export function setTheme(theme: Theme): void {
  localStorage.setItem(KEY, theme);
  applyTheme(theme);
  for (const l of listeners) l();
}

/** system → light → dark → system: one key press or click cycles through all three. */
export function cycleTheme(): void {
  const t = read();
  setTheme(THEMES[(THEMES.indexOf(t) + 1) % THEMES.length] ?? 'system');
}

const subscribe = (cb: () => void): (() => void) => {
  listeners.add(cb);
  return () => listeners.delete(cb);
};

export function useTheme(): [Theme, (t: Theme) => void] {
  const theme = useSyncExternalStore(subscribe, read);
  return [theme, useCallback((t: Theme) => setTheme(t), [])];
}
