// The protocol's config hash: sha256 over the canonical JSON (with its newline), as the
// agent computes it, so the console can name a config before any agent has it.
import { createHash } from 'node:crypto';
import { canonicalConfig, type AgentConfig } from '../../../shared/protocol/v1.ts';

export function configHash(config: AgentConfig): string {
  return `sha256:${createHash('sha256').update(canonicalConfig(config), 'utf8').digest('hex')}`;
}
