// A quick yes for the answers a poll gets thousands of times a round: a document whose keys
// are exactly a schema's, in its order, with every value plainly valid, is what the schema
// would return itself (zod keeps the keys in shape order and strips nothing). Anything else,
// however slightly off, is "not sure", and the schema decides and words the error.

export type Check = (v: unknown) => boolean;
export interface Shape {
  readonly [key: string]: Check | Shape;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const str = (max: number): Check => (v) => typeof v === 'string' && v.length <= max;
export const matches = (re: RegExp): Check => (v) => typeof v === 'string' && re.test(v);
/** Safe integers only: zod's .int() takes no others. */
export const count: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
export const amount: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
export const bool: Check = (v) => typeof v === 'boolean';
export const oneOf = (values: readonly string[]): Check => {
  const set = new Set<unknown>(values);
  return (v) => set.has(v);
};
export const nullable = (check: Check): Check => (v) => v === null || check(v);

/** True only if `v` has exactly the shape's keys, in its order, each value passing its check. */
export function exactShape(shape: Shape): Check {
  const entries = Object.entries(shape).map(([key, c]): [string, Check] => [key, typeof c === 'function' ? c : exactShape(c)]);
  return (v) => {
    if (!isRecord(v)) return false;
    let i = 0;
    for (const key in v) {
      const entry = entries[i++];
      if (!entry || entry[0] !== key || !entry[1](v[key])) return false;
    }
    return i === entries.length;
  };
}
