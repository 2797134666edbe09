import type { CoreContext } from '../context.ts';
import type { Handlers } from '../dispatch.ts';

export function credentialHandlers({ credentials, audit, clock, poller, log }: CoreContext) {
  return {
    'credentials.list': () => credentials.list(),
    'credentials.save': async ({ name, privateKey, passphrase }, { actor }) => {
      const info = await credentials.save(name, passphrase ? { privateKey, passphrase } : { privateKey });
      // The audit says a key was set, never what it was.
      await audit.record({ at: clock.now(), actor, action: 'credentials.save', siteId: null, target: name, detail: { publicKey: info.publicKey }, outcome: 'ok' });
      // Sites waiting for a key are polled at once; the answer does not wait for them.
      poller.pollNow().catch((err: unknown) => log.error('poll after a new credential failed', { err }));
      return info;
    },
  } satisfies Partial<Handlers>;
}
