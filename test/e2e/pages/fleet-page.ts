import { expect, type Locator, type Page } from '@playwright/test';

/** Anything not served by the console itself (a URL predicate: a glob like 'https://**' misses query strings). */
export const isRemote = (url: URL): boolean => url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost');

export type FleetView = 'triage' | 'map' | 'grid' | 'table';

/** The console shell, the first-run screen and the fleet views (map, grid, table). */
export class FleetPage {
  readonly page: Page;
  readonly firstRun: Locator;
  readonly startDemo: Locator;
  readonly demoBanner: Locator;
  readonly removeDemo: Locator;
  readonly mapFrame: Locator;
  readonly map: Locator;
  readonly tilesUnavailable: Locator;
  readonly mapSearch: Locator;
  readonly failingOnly: Locator;
  readonly popup: Locator;
  readonly grid: Locator;
  readonly table: Locator;
  readonly filterText: Locator;
  readonly filterCount: Locator;
  readonly siteDetail: Locator;

  constructor(page: Page) {
    this.page = page;
    this.firstRun = page.getByTestId('first-run');
    this.startDemo = page.getByTestId('start-demo');
    this.demoBanner = page.getByTestId('demo-banner');
    this.removeDemo = page.getByTestId('remove-demo');
    this.mapFrame = page.getByTestId('map-frame');
    this.map = page.getByTestId('fleet-map');
    this.tilesUnavailable = page.getByTestId('tiles-unavailable');
    this.mapSearch = page.getByTestId('map-search');
    this.failingOnly = page.getByTestId('failing-only');
    this.popup = page.getByTestId('map-popup');
    this.grid = page.getByTestId('status-grid');
    this.table = page.getByTestId('fleet-table');
    this.filterText = page.getByTestId('filter-text');
    this.filterCount = page.getByTestId('filter-count');
    this.siteDetail = page.getByTestId('site-detail');
  }

  /** Blocks every remote request, as on a machine with no network: the basemap cannot load. */
  async goOffline(): Promise<void> {
    await this.page.route(isRemote, (r) => r.abort('internetdisconnected'));
  }

  async open(view: FleetView): Promise<void> {
    await this.page.getByTestId(`nav-${view}`).click();
    await expect(this.page.getByTestId('app-ready')).toHaveAttribute('data-view', view);
  }

  /** Site markers and clusters drawn on the map right now (clustering hides the rest). */
  drawnMarkers(): Locator {
    return this.map.locator('.site-marker, .site-cluster');
  }
  marker(urn: number): Locator {
    return this.page.getByTestId(`marker-${urn}`);
  }
  async findOnMap(name: string, urn: number): Promise<void> {
    await this.mapSearch.fill(name);
    await this.page.getByTestId(`map-result-${urn}`).click();
    await expect(this.popup).toContainText(name);
  }
  async openFromPopup(): Promise<void> {
    await this.popup.getByTestId('popup-open-site').click();
  }

  tile(urn: number): Locator {
    return this.page.getByTestId(`tile-${urn}`);
  }
  tableRow(urn: number): Locator {
    return this.page.getByTestId(`table-row-${urn}`);
  }
  sortBy(column: string): Locator {
    return this.page.getByTestId(`sort-${column}`);
  }
  dataset(name: 'pupils' | 'attendance' | 'exclusions' | 'assessment'): Locator {
    return this.siteDetail.getByTestId(`dataset-${name}`);
  }
}
