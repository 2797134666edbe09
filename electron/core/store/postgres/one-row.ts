// The row a query must return (an aggregate, an UPDATE ... RETURNING of a known key).
export function oneRow<T>(rows: readonly T[], what: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`PostgreSQL returned no row for ${what}`);
  return row;
}
