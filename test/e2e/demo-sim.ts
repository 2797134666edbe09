// Steers the demo fleet's simulator from a spec (faults on, faults off) and waits on the
// core's own answers: a poll that shows the verdict a fault should give.
import type { RunningServer } from '../../electron/server/serve.ts';
import type { Verdict } from '../../shared/health/verdict.ts';
import { ask } from './core-ask.ts';

type Control = NonNullable<RunningServer['core']['context']['demo']['control']>;

export function simControl(server: RunningServer): Control {
  const control = server.core.context.demo.control;
  if (!control) throw new Error('The demo fleet is not running');
  return control;
}

/** Polls the site until its (debounced) verdict is the one wanted, or fails saying what it was. */
export async function pollUntil(server: RunningServer, siteId: number, verdict: Verdict, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  let seen = '';
  while (Date.now() < end) {
    await ask(server, 'poll.now', { ids: [siteId] });
    const detail = await ask(server, 'site.detail', { id: siteId });
    seen = detail.status.verdict;
    if (seen === verdict) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`site ${siteId} stayed ${seen}, not ${verdict}`);
}
