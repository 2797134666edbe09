// PostgreSQL migrations, numbered from 1. Never edit one that has shipped: add the next
// number. Each runs in its own transaction; its sha256 is stored, so an edit is caught.
import { pg001Baseline } from './001-baseline.ts';
import { pg002Collectors } from './002-collectors.ts';
import { pg003OpenRolloutSites } from './003-open-rollout-sites.ts';
import { pg004ActionOwner } from './004-action-owner.ts';
import { pg005StepOwner } from './005-step-owner.ts';
import { pg006CoveringRollups } from './006-covering-rollups.ts';

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

export const pgMigrations: readonly PgMigration[] = [pg001Baseline, pg002Collectors, pg003OpenRolloutSites, pg004ActionOwner, pg005StepOwner, pg006CoveringRollups];
