// What the server's command-line entries share: run main() only when this file is the
// one Node was started with, report a failure as one line, and close cleanly on a signal.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function runAsMain(moduleUrl: string, main: () => Promise<void>): void {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

export function closeOnSignal(close: () => Promise<void>): void {
  const stop = () => void close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
