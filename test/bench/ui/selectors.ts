// The fleet views' hooks, as their authors publish them (renderer/src/fleet, renderer/src/app).
// Kept in one place so a renamed test id is a one-line change here.
import type { Selectors } from './page-probes.ts';

export const SELECTORS = {
  row: '[data-testid^="table-row-"]',
  tableScope: '[data-testid="fleet-table-scroll"], [data-testid="filter-count"]',
  search: '[data-testid="filter-text"]',
  map: '[data-testid="fleet-map"], .leaflet-container',
  table: '[data-testid="fleet-table"]',
  settings: '[data-testid="settings"]',
  /** Anything Leaflet draws for a school or a cluster of them. */
  mapMarker: '.leaflet-marker-icon, .leaflet-interactive',
} as const satisfies Selectors & Record<string, string>;
