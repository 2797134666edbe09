// The core's entry point: the same module runs in Electron's utilityProcess on the
// desktop and in the server process in browser mode. It never imports `electron`.
import path from 'node:path';
import { systemClock } from '../../shared/clock.ts';
import type { EventName } from '../../shared/contract.ts';
import type { Result } from '../../shared/result.ts';
import type { CoreContext, CoreOptions } from './context.ts';
import { createDispatcher, type Handlers } from './dispatch.ts';
import { EventBus } from './events.ts';
import { appHandlers } from './handlers/app.ts';
import { sitesHandlers } from './handlers/sites.ts';
import { createLogger } from './log.ts';
import { openDatabase } from './store/db.ts';
import { SitesRepo } from './store/sites-repo.ts';

export type { CoreOptions } from './context.ts';

export interface Core {
  request(channel: unknown, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: (name: EventName, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'console.sqlite';

/** Opens the store and wires the handlers. A failure (e.g. a newer database) rejects with a clear message. */
export function createCore(options: CoreOptions): Promise<Core> {
  return new Promise((resolve) => resolve(buildCore(options)));
}

function buildCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const log = createLogger({ dir: path.join(options.dataDir, 'logs'), name: 'core', echo: options.echoLogs ?? false });
  const db = openDatabase(path.join(options.dataDir, DATABASE_FILE));
  const events = new EventBus();
  const ctx: CoreContext = { options, db, sites: new SitesRepo(db, clock), events, clock, log };

  const handlers = { ...appHandlers(ctx), ...sitesHandlers(ctx) } satisfies Handlers;
  const dispatch = createDispatcher(handlers, log);
  log.info('core started', { mode: options.mode, version: options.version, dataDir: options.dataDir });

  const core: Core = {
    request: dispatch,
    onEvent: (listener) => events.on(listener),
    close: () => {
      db.close();
      log.info('core stopped');
      log.close();
      return Promise.resolve();
    },
  };
  return core;
}
