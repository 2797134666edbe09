// PostgreSQL's SQLSTATE codes for the constraint errors the areas turn into AppFailures.
export const PG_UNIQUE = '23505';
export const PG_CHECK = '23514';
export const PG_FOREIGN_KEY = '23503';

export const isPgError = (err: unknown, code: string): boolean => (err as { code?: unknown } | null)?.code === code;
