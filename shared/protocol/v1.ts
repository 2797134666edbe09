// B2B agent protocol v1: what the console runs on a school host over SSH exec and
// what comes back. The console only ever sends one of the fixed verbs below, with
// arguments checked against fixed patterns; never a shell string built from data.
// Every answer is one JSON document on stdout, validated here on arrival.
import { z } from 'zod';
import { canonicalJson } from '../canonical-json.ts';
import { describeAnswerIssue } from './answer-issue.ts';
import { AuthAddKeySchema, AuthListSchema, AuthRemoveKeySchema, checkPublicKey, FingerprintSchema, type KeyType } from './auth-keys.ts';
import { amount, bool, count, exactShape, matches, nullable, oneOf, str } from './exact-shape.ts';

export const PROTOCOL_MAJOR = 1;
export const PROTOCOL_VERSION = '1.1';
/** The agent's command on the school host. */
export const AGENT_COMMAND = 'b2b-agent';
/** No answer may be larger than this; the console cuts the stream there. */
export const MAX_OUTPUT_BYTES = 256 * 1024;
export const MAX_LOG_LINES = 1000;
export const MAX_CONFIG_BYTES = 64 * 1024;

export const DATASETS = ['pupils', 'attendance', 'exclusions', 'assessment'] as const;
export const DatasetSchema = z.enum(DATASETS);
export type Dataset = z.infer<typeof DatasetSchema>;
export const DATASET_LABELS: Record<Dataset, string> = {
  pupils: 'Pupils and contacts',
  attendance: 'Attendance',
  exclusions: 'Exclusions',
  assessment: 'Assessment',
};

const Iso = z.iso.datetime({ offset: true });
const Sha256 = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'config hash is sha256:<64 hex>');

// ---- requests --------------------------------------------------------------

export type AgentRequest =
  | { verb: 'status' }
  | { verb: 'restart' }
  | { verb: 'resync'; dataset: Dataset | 'all' }
  | { verb: 'config-get' }
  | { verb: 'config-apply'; expectHash: string; config: AgentConfig }
  | { verb: 'config-rollback' }
  | { verb: 'logs'; tail: number }
  | { verb: 'diag' }
  // Protocol 1.1: the agent's own authorized keys (auth-keys.ts).
  | { verb: 'auth-list' }
  | { verb: 'auth-add-key'; keyType: KeyType; keyBase64: string }
  | { verb: 'auth-remove-key'; fingerprint: string };
export type AgentVerb = AgentRequest['verb'];

/**
 * The exec line for a request, from fixed words only. Arguments are checked
 * against fixed patterns before they are placed, so nothing from data reaches a shell.
 */
export function commandLine(req: AgentRequest): string {
  switch (req.verb) {
    case 'status':
      return `${AGENT_COMMAND} status`;
    case 'restart':
      return `${AGENT_COMMAND} restart`;
    case 'resync':
      return `${AGENT_COMMAND} resync ${z.union([DatasetSchema, z.literal('all')]).parse(req.dataset)}`;
    case 'config-get':
      return `${AGENT_COMMAND} config get`;
    case 'config-apply':
      return `${AGENT_COMMAND} config apply --expect ${Sha256.parse(req.expectHash)}`;
    case 'config-rollback':
      return `${AGENT_COMMAND} config rollback`;
    case 'logs':
      return `${AGENT_COMMAND} logs --tail ${z.number().int().min(1).max(MAX_LOG_LINES).parse(req.tail)}`;
    case 'diag':
      return `${AGENT_COMMAND} diag`;
    case 'auth-list':
      return `${AGENT_COMMAND} auth list`;
    case 'auth-add-key': {
      const key = checkPublicKey(req.keyType, req.keyBase64);
      if (!key.ok) throw new ProtocolError(`refusing to send this key: ${key.reason}`);
      return `${AGENT_COMMAND} auth add-key ${key.type} ${key.base64}`;
    }
    case 'auth-remove-key':
      return `${AGENT_COMMAND} auth remove-key ${FingerprintSchema.parse(req.fingerprint)}`;
  }
}

/** Standard input for a request: only config apply sends any (the canonical config JSON). */
export function commandInput(req: AgentRequest): string | null {
  return req.verb === 'config-apply' ? canonicalConfig(req.config) : null;
}

/** The inverse of commandLine, for agents written in TypeScript (the simulator). */
export function parseCommandLine(line: string): AgentRequest | { error: string } {
  const words = line.trim().split(/\s+/);
  if (words[0] !== AGENT_COMMAND) return { error: `unknown command: ${words[0] ?? ''}` };
  const [verb, a, b] = words.slice(1);
  const rest = words.length;
  if (verb === 'status' && rest === 2) return { verb: 'status' };
  if (verb === 'restart' && rest === 2) return { verb: 'restart' };
  if (verb === 'diag' && rest === 2) return { verb: 'diag' };
  if (verb === 'resync' && rest === 3) {
    const ds = z.union([DatasetSchema, z.literal('all')]).safeParse(a);
    return ds.success ? { verb: 'resync', dataset: ds.data } : { error: `unknown dataset: ${a ?? ''}` };
  }
  if (verb === 'config' && a === 'get' && rest === 3) return { verb: 'config-get' };
  if (verb === 'config' && a === 'rollback' && rest === 3) return { verb: 'config-rollback' };
  if (verb === 'config' && a === 'apply' && b === '--expect' && rest === 5) {
    const hash = Sha256.safeParse(words[4]);
    // The config itself arrives on stdin; the caller fills it in.
    return hash.success ? { verb: 'config-apply', expectHash: hash.data, config: EMPTY_CONFIG } : { error: 'bad --expect hash' };
  }
  if (verb === 'logs' && a === '--tail' && rest === 4) {
    // Digits only: Number() would also take "0x10" or "1e3", which commandLine never sends.
    const n = z.string().regex(/^\d{1,4}$/).transform(Number).pipe(z.number().int().min(1).max(MAX_LOG_LINES)).safeParse(b);
    return n.success ? { verb: 'logs', tail: n.data } : { error: `--tail takes 1..${MAX_LOG_LINES}` };
  }
  if (verb === 'auth') return parseAuth(words.slice(2));
  return { error: USAGE };
}

const USAGE = `usage: ${AGENT_COMMAND} status|restart|resync <dataset|all>|config get|config apply --expect <hash>|config rollback|logs --tail N|diag|auth list|auth add-key <type> <base64>|auth remove-key <SHA256:fingerprint>`;

function parseAuth(words: string[]): AgentRequest | { error: string } {
  const [sub, a, b] = words;
  if (sub === 'list' && words.length === 1) return { verb: 'auth-list' };
  if (sub === 'add-key' && words.length === 3) {
    const key = checkPublicKey(a ?? '', b ?? '');
    return key.ok ? { verb: 'auth-add-key', keyType: key.type, keyBase64: key.base64 } : { error: `key refused: ${key.reason}` };
  }
  if (sub === 'remove-key' && words.length === 2) {
    const fp = FingerprintSchema.safeParse(a);
    return fp.success ? { verb: 'auth-remove-key', fingerprint: fp.data } : { error: 'remove-key takes SHA256:<43 base64 characters>' };
  }
  return { error: `auth takes list, add-key <type> <base64> or remove-key <SHA256:fingerprint>; ${USAGE}` };
}

// ---- agent configuration ---------------------------------------------------

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time is HH:MM');

export const AgentConfigSchema = z
  .object({
    /** The LA endpoint the agent sends to (Capita One B2B web service, or a SaaS URL). */
    endpointUrl: z.url({ protocol: /^https$/, error: 'endpoint must be an https:// URL' }),
    /** LAESTAB of the school, 7 digits. */
    schoolId: z.string().regex(/^\d{7}$/, 'schoolId is the 7-digit LAESTAB'),
    mis: z.object({ product: z.string().min(1).max(40), server: z.string().min(1).max(253), database: z.string().min(1).max(128) }).strict(),
    /** Times of day each dataset is sent (school-local time). */
    schedule: z.object(Object.fromEntries(DATASETS.map((d) => [d, z.array(HHMM).min(1).max(24)])) as Record<Dataset, z.ZodArray<typeof HHMM>>).strict(),
    /** Days each dataset is sent: 1 = Monday … 7 = Sunday. Assessment is often weekly. */
    days: z.object(Object.fromEntries(DATASETS.map((d) => [d, z.array(z.number().int().min(1).max(7)).min(1).max(7)])) as Record<Dataset, z.ZodArray<z.ZodNumber>>).strict(),
    /**
     * Protocol 1.1: the datasets the agent sends; absent means all four. An agent older than
     * 1.1 does not know the field and refuses the config with E_INVALID_CONFIG.
     */
    enabled: z
      .array(DatasetSchema)
      .min(1, 'enable at least one dataset')
      .max(DATASETS.length)
      .refine((a) => new Set(a).size === a.length, 'a dataset is named twice')
      .optional(),
    logLevel: z.enum(['error', 'warn', 'info', 'debug']),
    proxy: z.string().max(253).nullable(),
  })
  .strict();
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

const EMPTY_CONFIG: AgentConfig = {
  endpointUrl: 'https://invalid.example/',
  schoolId: '0000000',
  mis: { product: 'SIMS', server: 'localhost', database: 'sims' },
  schedule: { pupils: ['02:00'], attendance: ['02:00'], exclusions: ['02:00'], assessment: ['02:00'] },
  days: { pupils: [1], attendance: [1], exclusions: [1], assessment: [1] },
  logLevel: 'info',
  proxy: null,
};

/** Canonical JSON with a trailing newline: its sha256 is the config hash. */
export function canonicalConfig(config: AgentConfig): string {
  return `${canonicalJson(config)}\n`;
}
// ---- answers ---------------------------------------------------------------

export const ERROR_CODES = [
  'E_USAGE', // unknown verb or bad arguments
  'E_CONFLICT', // config apply: the current config hash is not the expected one
  'E_INVALID_CONFIG', // config apply: the new config does not validate
  'E_NO_BACKUP', // config rollback: nothing to roll back to
  'E_BUSY', // another action holds the agent's lock
  'E_DISK_FULL', // could not write
  'E_NOT_INSTALLED', // the B2B service is not installed on this host
  'E_INTERNAL',
  'E_KEY_REFUSED', // auth add-key (1.1): not a key type, size or encoding the agent takes
  'E_KEY_IN_USE', // auth remove-key (1.1): the key this session logged in with (or the agent cannot tell which)
  'E_LAST_KEY', // auth remove-key (1.1): it is the only key left
] as const;
export const AgentErrorCodeSchema = z.enum(ERROR_CODES);
export type AgentErrorCode = z.infer<typeof AgentErrorCodeSchema>;

export const ServiceStateSchema = z.enum(['running', 'stopped', 'starting', 'crash-looping', 'not-installed']);
export type ServiceState = z.infer<typeof ServiceStateSchema>;

export const TransferResultSchema = z.enum(['ok', 'failed', 'running', 'never']);

/** Stable codes for why a transfer failed, so the console can explain without parsing prose. */
export const TransferErrorCodeSchema = z.enum([
  'MIS_UNREACHABLE',
  'MIS_VERSION_UNSUPPORTED',
  'AUTH_EXPIRED',
  'CERT_EXPIRED',
  'ENDPOINT_UNREACHABLE',
  'ENDPOINT_REJECTED',
  'DISK_FULL',
  'CLOCK_SKEW',
  'TIMEOUT',
  'AGENT_OUTDATED',
  'UNKNOWN',
]);
export type TransferErrorCode = z.infer<typeof TransferErrorCodeSchema>;

export const DatasetStatusSchema = z.object({
  lastSuccess: Iso.nullable(),
  lastAttempt: Iso.nullable(),
  result: TransferResultSchema,
  errorCode: TransferErrorCodeSchema.nullable(),
  errorMessage: z.string().max(1000).nullable(),
  /** Records sent by the last successful transfer (changes only, so 0 can be normal). */
  recordsSent: z.number().int().min(0),
  /** Since when the current transfer has been running, if one is. */
  runningSince: Iso.nullable(),
});
export type DatasetStatus = z.infer<typeof DatasetStatusSchema>;

export const StatusSchema = z.object({
  agent: z.object({ name: z.string().max(80), version: z.string().max(40) }),
  b2b: z.object({ product: z.string().max(80), version: z.string().max(40) }),
  service: z.object({
    state: ServiceStateSchema,
    since: Iso,
    restarts24h: z.number().int().min(0),
  }),
  datasets: z.object({ pupils: DatasetStatusSchema, attendance: DatasetStatusSchema, exclusions: DatasetStatusSchema, assessment: DatasetStatusSchema }),
  backlog: z.object({ pending: z.number().int().min(0), oldest: Iso.nullable() }),
  mis: z.object({ product: z.string().max(40), version: z.string().max(40), reachable: z.boolean(), error: z.string().max(500).nullable() }),
  endpoint: z.object({ url: z.string().max(2048), reachable: z.boolean(), error: z.string().max(500).nullable() }),
  credentials: z.object({ expires: Iso.nullable(), certificateExpires: Iso.nullable() }),
  config: z.object({ hash: Sha256, appliedAt: Iso }),
  host: z.object({ hostname: z.string().max(253), clock: Iso, diskFreeMb: z.number().min(0), diskTotalMb: z.number().min(0) }),
});
export type AgentStatus = z.infer<typeof StatusSchema>;

// StatusSchema's quick yes (exact-shape.ts): every poll parses a status, and zod was a third of
// a poll's cost above the bare exec. Kept in step with the schema by the protocol tests.
const iso = matches(Iso._zod.def.pattern ?? /(?!)/);
const sha256 = matches(/^sha256:[0-9a-f]{64}$/);
const datasetStatus = {
  lastSuccess: nullable(iso),
  lastAttempt: nullable(iso),
  result: oneOf(TransferResultSchema.options),
  errorCode: nullable(oneOf(TransferErrorCodeSchema.options)),
  errorMessage: nullable(str(1000)),
  recordsSent: count,
  runningSince: nullable(iso),
};
export const isPlainStatus = exactShape({
  agent: { name: str(80), version: str(40) },
  b2b: { product: str(80), version: str(40) },
  service: { state: oneOf(ServiceStateSchema.options), since: iso, restarts24h: count },
  datasets: { pupils: datasetStatus, attendance: datasetStatus, exclusions: datasetStatus, assessment: datasetStatus },
  backlog: { pending: count, oldest: nullable(iso) },
  mis: { product: str(40), version: str(40), reachable: bool, error: nullable(str(500)) },
  endpoint: { url: str(2048), reachable: bool, error: nullable(str(500)) },
  credentials: { expires: nullable(iso), certificateExpires: nullable(iso) },
  config: { hash: sha256, appliedAt: iso },
  host: { hostname: str(253), clock: iso, diskFreeMb: amount, diskTotalMb: amount },
});
const PROTOCOL_PATTERN = /^\d+\.\d+$/;

export const RestartSchema = z.object({ previousState: ServiceStateSchema, state: ServiceStateSchema });
export const ResyncSchema = z.object({ queued: z.array(DatasetSchema), backlog: z.number().int().min(0) });
export const ConfigGetSchema = z.object({ hash: Sha256, config: AgentConfigSchema });
export const ConfigApplySchema = z.object({
  previousHash: Sha256,
  hash: Sha256,
  restarted: z.boolean(),
  /** Whether the service came back and reached its MIS and endpoint with the new config. */
  verified: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().max(500) })),
});
export const ConfigRollbackSchema = z.object({ hash: Sha256, restoredFrom: Sha256 });
export const LogLineSchema = z.object({ ts: Iso, level: z.enum(['error', 'warn', 'info', 'debug']), msg: z.string().max(2000) });
export const LogsSchema = z.object({ lines: z.array(LogLineSchema).max(MAX_LOG_LINES), truncated: z.boolean() });
export const DiagSchema = z.object({ checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().max(500) })) });

export const answerSchemas = {
  status: StatusSchema,
  restart: RestartSchema,
  resync: ResyncSchema,
  'config-get': ConfigGetSchema,
  'config-apply': ConfigApplySchema,
  'config-rollback': ConfigRollbackSchema,
  logs: LogsSchema,
  diag: DiagSchema,
  'auth-list': AuthListSchema,
  'auth-add-key': AuthAddKeySchema,
  'auth-remove-key': AuthRemoveKeySchema,
} as const satisfies Record<AgentVerb, z.ZodType>;
export type AnswerOf<V extends AgentVerb> = z.infer<(typeof answerSchemas)[V]>;

export const AgentErrorSchema = z.object({ code: AgentErrorCodeSchema, message: z.string().max(2000) });
export type AgentError = z.infer<typeof AgentErrorSchema>;

const Envelope = z.object({
  protocol: z.string().regex(PROTOCOL_PATTERN, 'protocol is MAJOR.MINOR'),
  ok: z.boolean(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
});

/** Why an answer could not be used. The console's verdict is "protocol error". */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export type Answer<V extends AgentVerb> = { ok: true; data: AnswerOf<V> } | { ok: false; error: AgentError };

type EnvelopeFields = z.infer<typeof Envelope>;

/** The envelope's fields; only they are read, so a plain one needs no schema pass. */
function envelopeOf(verb: AgentVerb, json: unknown): EnvelopeFields {
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const e = json as Record<string, unknown>;
    if (typeof e.protocol === 'string' && PROTOCOL_PATTERN.test(e.protocol) && typeof e.ok === 'boolean') return { protocol: e.protocol, ok: e.ok, data: e.data, error: e.error };
  }
  const env = Envelope.safeParse(json);
  if (!env.success) throw new ProtocolError(describeAnswerIssue(`${verb} answer is not a protocol envelope`, Envelope, json, env.error.issues[0]));
  return env.data;
}

/** Parses an agent's stdout for a verb. Throws ProtocolError with a clear message. */
export function parseAnswer<V extends AgentVerb>(verb: V, stdout: string): Answer<V> {
  if (stdout.length > MAX_OUTPUT_BYTES) throw new ProtocolError(`answer is larger than ${MAX_OUTPUT_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    const sample = stdout.slice(0, 80).replace(/[^\x20-\x7e]/g, '?');
    throw new ProtocolError(`answer is not JSON (starts "${sample}")`);
  }
  const env = envelopeOf(verb, json);
  const major = Number(env.protocol.split('.')[0]);
  if (major !== PROTOCOL_MAJOR) {
    // Say which side is behind: the fix is an upgrade on one side, never "one or the other".
    const behind = major > PROTOCOL_MAJOR ? 'update the console' : 'update the agent';
    throw new ProtocolError(`The agent speaks protocol ${env.protocol}; this console understands ${PROTOCOL_MAJOR}.x: ${behind}`);
  }
  if (!env.ok) {
    const err = AgentErrorSchema.safeParse(env.error);
    if (!err.success) throw new ProtocolError(describeAnswerIssue(`${verb} error answer`, AgentErrorSchema, env.error, err.error.issues[0]));
    return { ok: false, error: err.data };
  }
  if (verb === 'status' && isPlainStatus(env.data)) return { ok: true, data: env.data as AnswerOf<V> };
  const data = answerSchemas[verb].safeParse(env.data);
  if (!data.success) {
    throw new ProtocolError(describeAnswerIssue(`${verb} answer`, answerSchemas[verb], env.data, data.error.issues[0]));
  }
  return { ok: true, data: data.data as AnswerOf<V> };
}

/**
 * Builds an answer document (used by the simulator; the shell agent prints the same shape).
 * `protocol` lets a simulated older agent state the version it speaks.
 */
export function answerJson(result: { ok: true; data: unknown } | { ok: false; error: AgentError }, protocol: string = PROTOCOL_VERSION): string {
  return JSON.stringify(result.ok ? { protocol, ok: true, data: result.data } : { protocol, ok: false, error: result.error });
}
