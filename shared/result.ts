// The one answer shape for every request that crosses a process boundary.
import { z } from 'zod';

export const ErrorCodeSchema = z.enum([
  'validation', // the request did not match its schema; `fields` says where
  'not_found',
  'conflict', // e.g. a duplicate URN, or a stale config hash
  'unknown_channel',
  'forbidden', // the sender is not the app's own frame, or the token is wrong
  'unavailable', // the core is not running or is restarting
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const AppErrorSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  /** Field path (dot-joined) to a message a person can act on. */
  fields: z.record(z.string(), z.string()).optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
export const fail = (code: ErrorCode, message: string, fields?: Record<string, string>): Result<never> => ({
  ok: false,
  error: fields ? { code, message, fields } : { code, message },
});

/** An error that carries an AppError across async code; handlers turn it into a Result. */
export class AppFailure extends Error {
  readonly appError: AppError;
  constructor(code: ErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = 'AppFailure';
    this.appError = fields ? { code, message, fields } : { code, message };
  }
}

/** Turns a zod error into field messages a person can act on. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export function validationFailure(error: z.ZodError, what: string): Result<never> {
  const fields = fieldErrors(error);
  const first = Object.entries(fields)[0];
  const detail = first ? (first[0] === '_' ? first[1] : `${first[0]}: ${first[1]}`) : 'invalid';
  return fail('validation', `Invalid ${what}: ${detail}`, fields);
}
