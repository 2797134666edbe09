// The one IPC contract. Every channel between the renderer and the core is here,
// with a zod schema for its request and its response; every push event too.
// Main, preload, the WebSocket bridge, the core and the renderer client all use it.
import { z } from 'zod';
import { SiteInputSchema, SiteSchema } from './site.ts';

const Empty = z.object({}).strict();
const SiteId = z.object({ id: z.number().int().positive() }).strict();

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['desktop', 'browser']),
  dataDir: z.string(),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const channels = {
  'app.info': { request: Empty, response: AppInfoSchema },
  'sites.list': { request: Empty, response: z.array(SiteSchema) },
  'sites.get': { request: SiteId, response: SiteSchema },
  'sites.create': { request: z.object({ site: SiteInputSchema }).strict(), response: SiteSchema },
  'sites.update': { request: z.object({ id: z.number().int().positive(), site: SiteInputSchema }).strict(), response: SiteSchema },
  'sites.remove': { request: SiteId, response: z.object({ removed: z.literal(true) }) },
} as const;

/** Pushes from the core to every window. The renderer never polls. */
export const events = {
  'sites.changed': z.object({ reason: z.enum(['created', 'updated', 'removed', 'imported']), ids: z.array(z.number().int()) }),
} as const;

export type Channels = typeof channels;
export type Channel = keyof Channels;
export type EventName = keyof typeof events;
/** What a caller passes (defaults may be omitted). */
export type RequestOf<C extends Channel> = z.input<Channels[C]['request']>;
/** What a handler receives after parsing. */
export type ParsedRequestOf<C extends Channel> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Channels[C]['response']>;
export type EventOf<E extends EventName> = z.output<(typeof events)[E]>;

export const channelNames = Object.keys(channels) as Channel[];
export const eventNames = Object.keys(events) as EventName[];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.hasOwn(channels, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

/** Method names the preload exposes: 'sites.create' → 'sitesCreate'. */
export type MethodName<C extends string> = C extends `${infer A}.${infer B}` ? `${A}${Capitalize<MethodName<B>>}` : C;
export function methodName<C extends Channel>(channel: C): MethodName<C> {
  return channel.replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()) as MethodName<C>;
}
