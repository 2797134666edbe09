// Says which field of an agent's answer was wrong, and how, in words a support engineer
// can pass to whoever maintains the agent, instead of zod's bare "expected string".
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const FORMATS: Record<string, string> = { datetime: 'a date-time string', date: 'a date string (YYYY-MM-DD)', url: 'a URL', email: 'an e-mail address' };

/** The schema that validates the value at `path`, through objects, arrays, records and wrappers. */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | null {
  let s: z.ZodType | undefined = schema;
  for (let i = 0; s !== undefined; ) {
    const def = s.def as { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; element?: z.ZodType; valueType?: z.ZodType };
    if (def.innerType) s = def.innerType;
    else if (i >= path.length) return s;
    else if (def.shape) s = def.shape[String(path[i++])];
    else if (def.element ?? def.valueType) {
      // An array index or a record key: step into the element schema.
      s = def.element ?? def.valueType;
      i++;
    } else return null;
  }
  return null;
}

/** What the schema wants there, e.g. "a date-time string". */
function expectedAt(schema: z.ZodType, path: Path, fallback: string): string {
  const s = schemaAt(schema, path);
  const format = s ? (s.def as { format?: string }).format : undefined;
  if (format) return FORMATS[format] ?? `a ${format} string`;
  return /^[aeiou]/.test(fallback) ? `an ${fallback}` : `a ${fallback}`;
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** "a number", "null", "nothing", "an array": what the agent actually sent. */
function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"`;
  if (typeof v === 'object') return 'an object';
  return typeof v === 'number' || typeof v === 'boolean' ? `a ${typeof v} (${String(v)})` : `a ${typeof v}`;
}

/** "status answer: datasets.attendance.lastSuccess should be a date-time string, got a number (5)". */
export function describeAnswerIssue(what: string, schema: z.ZodType, value: unknown, issue: Issue | undefined): string {
  if (!issue) return `${what} is not valid`;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the answer';
  const got = describeValue(valueAt(value, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return `${what}: ${field} should be ${expectedAt(schema, issue.path, issue.expected)}, got ${got}`;
    case 'invalid_format':
      return `${what}: ${field} should be ${expectedAt(schema, issue.path, issue.format)}, got ${got}`;
    case 'invalid_value':
      return `${what}: ${field} should be one of ${issue.values.map((x) => JSON.stringify(x)).join(', ')}, got ${got}`;
    default:
      return `${what}: ${field} is wrong (${issue.message}), got ${got}`;
  }
}
