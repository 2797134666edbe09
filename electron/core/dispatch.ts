// Parses every request against the contract, calls its handler, and answers a Result.
import { z } from 'zod';
import { channels, isChannel, type Channel, type ParsedRequestOf, type ResponseOf } from '../../shared/contract.ts';
import { AppFailure, fail, ok, validationFailure, type Result } from '../../shared/result.ts';
import type { Logger } from './log.ts';
import { osOperator, type RequestContext } from './operator.ts';

export type Handler<C extends Channel> = (req: ParsedRequestOf<C>, context: RequestContext) => ResponseOf<C> | Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

/** `fallback` names the caller when the transport does not (the desktop's IPC). */
export function createDispatcher(handlers: Handlers, log: Logger, fallback: RequestContext = osOperator()) {
  return async function dispatch(channel: unknown, payload: unknown, context?: RequestContext): Promise<Result<unknown>> {
    if (!isChannel(channel)) {
      log.warn('refused unknown channel', { channel: String(channel).slice(0, 80) });
      return fail('unknown_channel', `Unknown channel "${String(channel).slice(0, 80)}"`);
    }
    const parsed = channels[channel].request.safeParse(payload ?? {});
    if (!parsed.success) return validationFailure(parsed.error, `request for ${channel}`);
    try {
      const handler = handlers[channel] as (req: unknown, context: RequestContext) => unknown;
      const data = await handler(parsed.data, context ?? fallback);
      return ok(data);
    } catch (err) {
      if (err instanceof AppFailure) return { ok: false, error: err.appError };
      if (err instanceof z.ZodError) return validationFailure(err, channel);
      log.error('handler failed', { channel, err });
      const message = err instanceof Error ? err.message : String(err);
      return fail('internal', isDiskFull(err) ? 'The disk is full: nothing was saved. Free some space and try again.' : `Internal error: ${message}`);
    }
  };
}

function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
