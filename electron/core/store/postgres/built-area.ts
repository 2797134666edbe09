// An area that uses another takes it from those built before it (areas.ts lists them in order);
// a wrong order is a programming error, said plainly when the store opens.
import type { StoreAreas } from '../store.ts';

export function builtArea<K extends keyof StoreAreas>(built: Partial<StoreAreas>, key: K, by: string): StoreAreas[K] {
  const area = built[key];
  if (!area) throw new Error(`The PostgreSQL ${by} area uses ${key}: list ${key} before it in postgres/areas.ts`);
  return area;
}
