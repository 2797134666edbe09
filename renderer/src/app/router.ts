// Hash routes (#/triage, #/site/12): a reload keeps the view and Back works, with no
// server routes to configure (the desktop loads from app://, browser mode from /).
import { useMemo, useSyncExternalStore } from 'react';

export const VIEWS = ['triage', 'map', 'grid', 'table', 'reports', 'sites', 'settings', 'welcome', 'actions', 'audit', 'config', 'rollouts', 'conversions', 'host-keys'] as const;
export type View = (typeof VIEWS)[number];
export type Route = { view: View } | { view: 'site'; siteId: number } | { view: 'run'; runId: number } | { view: 'rollout'; rolloutId: number } | { view: 'rotation'; rotationId: number };

export const VIEW_TITLES: Record<View, string> = {
  triage: 'Triage',
  map: 'Map',
  grid: 'Grid',
  table: 'Table',
  reports: 'Reports',
  sites: 'Sites',
  settings: 'Settings',
  welcome: 'Welcome',
  actions: 'Actions',
  audit: 'Audit',
  config: 'Config',
  rollouts: 'Rollouts',
  conversions: 'Academy conversions',
  'host-keys': 'Host keys',
};

export function parseHash(hash: string): Route | null {
  const path = hash.replace(/^#\/?/, '');
  const site = /^site\/(\d+)$/.exec(path);
  if (site?.[1]) return { view: 'site', siteId: Number(site[1]) };
  const run = /^run\/(\d+)$/.exec(path);
  if (run?.[1]) return { view: 'run', runId: Number(run[1]) };
  const rollout = /^rollout\/(\d+)$/.exec(path);
  if (rollout?.[1]) return { view: 'rollout', rolloutId: Number(rollout[1]) };
  const rotation = /^rotation\/(\d+)$/.exec(path);
  if (rotation?.[1]) return { view: 'rotation', rotationId: Number(rotation[1]) };
  return (VIEWS as readonly string[]).includes(path) ? { view: path as View } : null;
}

export function routeHref(route: Route): string {
  if (route.view === 'site') return `#/site/${route.siteId}`;
  if (route.view === 'run') return `#/run/${route.runId}`;
  if (route.view === 'rollout') return `#/rollout/${route.rolloutId}`;
  if (route.view === 'rotation') return `#/rotation/${route.rotationId}`;
  return `#/${route.view}`;
}

/** Pushes a history entry, so Back returns to where the person was. */
export function navigate(route: Route): void {
  const href = routeHref(route);
  if (location.hash !== href) location.hash = href;
}

export function siteRoute(siteId: number): Route {
  return { view: 'site', siteId };
}

export function runRoute(runId: number): Route {
  return { view: 'run', runId };
}

export function rolloutRoute(rolloutId: number): Route {
  return { view: 'rollout', rolloutId };
}

export function rotationRoute(rotationId: number): Route {
  return { view: 'rotation', rotationId };
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const getHash = (): string => location.hash;

/** The current route, or null when the hash names none (the shell picks a start view). */
export function useRoute(): Route | null {
  const hash = useSyncExternalStore(subscribe, getHash);
  return useMemo(() => parseHash(hash), [hash]);
}
