// The main process's log: main.log beside the core's core.log in <userData>/logs, same
// format, same redaction, same rotation. It reuses the one logger implementation
// (electron/core/log.ts is plain Node with no core state); this file is the only place
// the shell touches it, so moving log.ts to a shared-node folder is a one-line change.
import path from 'node:path';
import { createLogger, type ClosableLogger } from '../core/log.ts';

export type { ClosableLogger } from '../core/log.ts';

export function logsDir(userDataDir: string): string {
  return path.join(userDataDir, 'logs');
}

export function createMainLogger(userDataDir: string, echo: boolean): ClosableLogger {
  return createLogger({ dir: logsDir(userDataDir), name: 'main', echo }, { proc: 'main' });
}
