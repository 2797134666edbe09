// Asks the test's console core a question and parses the answer with the contract, so a
// spec compares the UI against typed figures straight from the store.
import { channels, type Channel, type RequestOf, type ResponseOf } from '../../shared/contract.ts';
import type { RunningServer } from '../../electron/server/serve.ts';

export async function ask<C extends Channel>(server: RunningServer, channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
  const r = await server.core.request(channel, request);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.message}`);
  return channels[channel].response.parse(r.data) as ResponseOf<C>;
}
