// Messages between a host process (Electron main, or a test) and the core running
// in a utilityProcess. Requests carry an id; the core answers each exactly once.
import { z } from 'zod';
import { AppErrorSchema } from './result.ts';
import { refuseUnsafeText } from './safe-text.ts';

/**
 * Browser mode names its operator on the WebSocket URL (`/ws?operator=Sam%20Patel`): the server
 * checks it at the upgrade, before any request, so a connection never exists without a person,
 * and a reconnect carries the same name with nothing to replay.
 */
export const WS_OPERATOR_PARAM = 'operator';

/** A person's name as the audit trail records it. */
export const OperatorNameSchema = z
  .string({ error: 'Say who is using the console' })
  .trim()
  .min(2, 'A name is at least 2 characters')
  .max(80, 'A name is at most 80 characters')
  .superRefine(refuseUnsafeText);

export const CoreInitSchema = z.object({
  type: z.literal('init'),
  dataDir: z.string().min(1),
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
});

export const CoreRequestSchema = z.object({
  type: z.literal('request'),
  id: z.number().int(),
  channel: z.string().max(100),
  payload: z.unknown(),
});

/** Host → core. */
export const HostMessageSchema = z.discriminatedUnion('type', [CoreInitSchema, CoreRequestSchema, z.object({ type: z.literal('shutdown') })]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** Core → host. */
export const CoreMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('fatal'), message: z.string() }),
  z.object({
    type: z.literal('response'),
    id: z.number().int(),
    result: z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: AppErrorSchema })]),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type CoreMessage = z.infer<typeof CoreMessageSchema>;
