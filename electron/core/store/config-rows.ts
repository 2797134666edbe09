// Fleet configuration rows as both backends read them.
import type { ConfigFields, Override, OverrideScope, Template } from '../../../shared/fleet-config.ts';
import type { AgentConfig } from '../../../shared/protocol/v1.ts';

export interface TemplateRow {
  id: number;
  name: string;
  version: number;
  fields_json: string;
  author: string;
  note: string;
  created_at: number;
  sites: number;
}

export interface OverrideRow {
  scope: OverrideScope;
  key: string;
  fields_json: string;
  author: string;
  note: string;
  updated_at: number;
}

export interface LiveConfig {
  hash: string;
  config: AgentConfig;
  readAt: number;
  /** The hash the console last applied or accepted; null before the first read. */
  knownHash: string | null;
}

export const toTemplate = (r: TemplateRow): Template => ({
  id: r.id,
  name: r.name,
  version: r.version,
  fields: JSON.parse(r.fields_json) as ConfigFields,
  author: r.author,
  note: r.note,
  createdAt: r.created_at,
  sites: r.sites,
});

export const toOverride = (r: OverrideRow): Omit<Override, 'label'> => ({
  scope: r.scope,
  key: r.key,
  fields: JSON.parse(r.fields_json) as ConfigFields,
  author: r.author,
  note: r.note,
  updatedAt: r.updated_at,
});

export interface LiveRow {
  site_id: number;
  hash: string;
  config_json: string;
  fetched_at: number;
  known_hash: string | null;
}

export const toLive = (r: LiveRow): LiveConfig => ({ hash: r.hash, config: JSON.parse(r.config_json) as AgentConfig, readAt: r.fetched_at, knownHash: r.known_hash });
