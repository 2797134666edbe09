// Messages between a host process (Electron main, or a test) and the core running
// in a utilityProcess. Requests carry an id; the core answers each exactly once.
import { z } from 'zod';
import { AppErrorSchema } from './result.ts';

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
