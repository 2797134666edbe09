// Numbered migrations. Never edit one that has shipped: add the next number.
// Each runs in a transaction and sets PRAGMA user_version; its hash is stored so
// an edited migration is caught the next time the database opens.
import { m001Sites } from './001-sites.ts';
import { m002History } from './002-history.ts';
import { m003Poller } from './003-poller.ts';
import { m004Incidents } from './004-incidents.ts';
import { m005SiteArchive } from './005-site-archive.ts';
import { m006FirstPoll } from './006-first-poll.ts';
import { m007Actions } from './007-actions.ts';
import { m008AuditChain } from './008-audit-chain.ts';
import { m009FleetConfig } from './009-fleet-config.ts';
import { m010SiteRegister } from './010-site-register.ts';
import { m011HostKeyReject } from './011-host-key-reject.ts';
import { m012KeyRotation } from './012-key-rotation.ts';
import { m013SiteLinks } from './013-site-links.ts';
import { m014RevokedHostKeys } from './014-revoked-host-keys.ts';
import { m015OneLatestState } from './015-one-latest-state.ts';
import { m016OpenRolloutSites } from './016-open-rollout-sites.ts';
import { m017ActionOwner } from './017-action-owner.ts';
import { m018StepOwner } from './018-step-owner.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /**
   * Rebuilds a table that others reference. PRAGMA foreign_keys cannot change inside a
   * transaction, so the runner turns them off around it and checks them before committing.
   */
  rebuildsTables?: boolean;
}

export const migrations: readonly Migration[] = [m001Sites, m002History, m003Poller, m004Incidents, m005SiteArchive, m006FirstPoll, m007Actions, m008AuditChain, m009FleetConfig, m010SiteRegister, m011HostKeyReject, m012KeyRotation, m013SiteLinks, m014RevokedHostKeys, m015OneLatestState, m016OpenRolloutSites, m017ActionOwner, m018StepOwner];
