// The fleet simulator's public surface, for tests, benchmarks and the console's demo mode.
export { startFleet, UnknownSiteError } from './fleet.ts';
export type { ClientKey, ClockState, Fleet, FleetControl, FleetOptions, SiteDescriptor, SiteTruth } from './fleet.ts';
export { SimClock } from './sim-clock.ts';
export type { SimClockOptions } from './sim-clock.ts';
export { BEHAVIOUR_FAULTS, TRANSPORT_FAULTS, FAULT_NAMES, FAULT_CATEGORY, VERDICT_CATEGORIES, DEFAULT_FAULT_WEIGHTS, FaultInputError, FaultInputSchema } from './faults.ts';
export type { FaultInput, FaultName, FaultParams, VerdictCategory } from './faults.ts';
export type { ActiveFaultView } from './school.ts';
export type { SchoolIdentity } from './profile.ts';
export type { ExecResult } from './agent.ts';
export { ConfigChangeError, ConfigChangeSchema } from './config-change.ts';
export type { ConfigChange } from './config-change.ts';
export { generateSchools, MAX_SITES } from './generate.ts';
export { loadGiasSchools, describeGiasReport } from './gias.ts';
export { writeSitesFiles } from './sites-file.ts';
export type { SitesFile, SitesFileEntry, WrittenFiles } from './sites-file.ts';
export { deriveEd25519, fingerprintOf, fingerprintOfLine } from './host-keys.ts';
export type { Ed25519Key } from './host-keys.ts';
export { TERM_DATES, isSchoolDay, calendarSettings } from './calendar.ts';
