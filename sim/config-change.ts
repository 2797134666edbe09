// A config edited by hand on the school server (not through the agent): which fields
// change, and the config that results. The result must still be a valid config.
import { z } from 'zod';
import { AgentConfigSchema, type AgentConfig } from '../shared/protocol/v1.ts';

const shape = AgentConfigSchema.shape;

/**
 * Top-level config fields to replace, each checked as the config schema checks it.
 * `enabled: null` removes the field (back to "all four", as a protocol 1.0 config has it).
 */
export const ConfigChangeSchema = z
  .object({
    endpointUrl: shape.endpointUrl.optional(),
    schoolId: shape.schoolId.optional(),
    mis: shape.mis.optional(),
    schedule: shape.schedule.optional(),
    days: shape.days.optional(),
    enabled: shape.enabled.unwrap().nullable().optional(),
    logLevel: shape.logLevel.optional(),
    proxy: shape.proxy.optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'give at least one config field to change');
export type ConfigChange = z.infer<typeof ConfigChangeSchema>;

/** A change that cannot be made: names the field, as the control API's 400 does. */
export class ConfigChangeError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'ConfigChangeError';
    this.field = field;
  }
}

/** The config after the change; throws ConfigChangeError when the result does not validate. */
export function changedConfig(current: AgentConfig, change: ConfigChange): AgentConfig {
  const parsedChange = ConfigChangeSchema.safeParse(change);
  if (!parsedChange.success) {
    const issue = parsedChange.error.issues[0];
    throw new ConfigChangeError(issue?.path.join('.') || 'body', issue?.message ?? 'invalid');
  }
  const { enabled, ...rest } = parsedChange.data;
  const merged: Record<string, unknown> = { ...current, ...rest };
  if (enabled === null) delete merged.enabled;
  else if (enabled !== undefined) merged.enabled = enabled;
  const result = AgentConfigSchema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigChangeError(issue?.path.join('.') || 'config', issue?.message ?? 'invalid');
  }
  return result.data;
}
