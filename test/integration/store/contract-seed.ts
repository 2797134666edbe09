// Rows other areas own (sites, credentials), written under the store so a contract case does
// not depend on those areas being ported; and a PostgreSQL plan reader for EXPLAIN cases.
import type { OpenedStore } from '../../helpers/store-backends.ts';

export const T0 = Date.UTC(2026, 10, 23, 7, 0);

/** Sites `School 1..n` with URNs from 100001; returns their ids in order. */
export async function seedSites(store: OpenedStore, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const [row] = await store.raw<{ id: number }>(
      `INSERT INTO sites (urn, name, host, "user", created_at, updated_at) VALUES (?, ?, '127.0.0.1', 'b2b', '2026-11-23T07:00:00.000Z', '2026-11-23T07:00:00.000Z') RETURNING id`,
      [100001 + i, `School ${i + 1}`],
    );
    if (!row) throw new Error('no site id');
    ids.push(row.id);
  }
  return ids;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const walk = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(walk)];

/** EXPLAIN (FORMAT JSON) on PostgreSQL: the plan's nodes, flattened. */
export async function pgPlan(store: OpenedStore, sql: string, values: readonly unknown[] = []): Promise<PlanNode[]> {
  await store.raw('ANALYZE');
  const [row] = await store.raw<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`, values);
  const plan = row?.['QUERY PLAN'][0]?.Plan;
  if (!plan) throw new Error('no plan');
  return walk(plan);
}

/** "Index Scan incidents_x on incidents" lines, to assert on and to print when one fails. */
export const describePlan = (nodes: PlanNode[]): string[] => nodes.map((n) => [n['Node Type'], n['Index Name'], n['Relation Name'] && `on ${n['Relation Name']}`].filter(Boolean).join(' '));
