// What the core's handlers and services share: the world, injected.
import type { Clock } from '../../shared/clock.ts';
import type { Db } from './store/db.ts';
import type { SitesRepo } from './store/sites-repo.ts';
import type { EventBus } from './events.ts';
import type { Logger } from './log.ts';

export interface CoreOptions {
  /** Folder for the database, logs and keys (the app's userData on the desktop). */
  dataDir: string;
  mode: 'desktop' | 'browser';
  version: string;
  clock?: Clock;
  /** Echo logs to stderr as well as the file. */
  echoLogs?: boolean;
}

export interface CoreContext {
  options: CoreOptions;
  db: Db;
  sites: SitesRepo;
  events: EventBus;
  clock: Clock;
  log: Logger;
}
