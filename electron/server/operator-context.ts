// Browser mode: each WebSocket connection acts for the person named at the session's start.
import { OperatorNameSchema, WS_OPERATOR_PARAM } from '../../shared/core-messages.ts';
import type { RequestContext } from '../core/operator.ts';

export type OperatorCheck = { ok: true; context: RequestContext } | { ok: false; message: string };

/** The request context for a connection to `url`, or why its operator name is refused. */
export function operatorContext(url: URL): OperatorCheck {
  const raw = url.searchParams.get(WS_OPERATOR_PARAM);
  if (raw === null) return { ok: false, message: `Name the operator: /ws?${WS_OPERATOR_PARAM}=<name>` };
  const parsed = OperatorNameSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: `Operator name refused: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, context: { actor: parsed.data } };
}

/** An HTTP 400 that refuses a WebSocket upgrade, with the reason as its body. */
export function badUpgrade(message: string): string {
  const body = `${message}\n`;
  return `HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
