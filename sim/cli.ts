// `npm run sim -- --sites 500 --seed 7 --faults 0.2 --speed 60 [--gias FILE] [--out DIR]
//   [--port-base N] [--control-port N] [--start ISO] [--authorized-key FILE]... [--fault-weights a=1,b=0]`
// Starts the fleet, writes the sites file and client key, and runs until SIGINT/SIGTERM.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { FaultNameSchema, type FaultName } from './faults.ts';
import { startFleet, type FleetOptions } from './fleet.ts';
import { describeGiasReport, loadGiasSchools } from './gias.ts';
import { writeSitesFiles } from './sites-file.ts';

const USAGE = `usage: npm run sim -- [--sites N] [--seed S] [--faults RATE] [--speed X] [--start ISO]
       [--gias FILE] [--out DIR] [--port-base N] [--control-port N]
       [--authorized-key FILE]... [--fault-weights name=weight,...] [--slow-banner-ms N]`;

const ArgsSchema = z.object({
  sites: z.coerce.number().int().min(1).max(5000).default(120),
  seed: z.string().min(1).default('1'),
  faults: z.coerce.number().min(0).max(1).default(0.2),
  speed: z.coerce.number().min(0).max(100_000).default(60),
  start: z.iso.datetime({ offset: true }).optional(),
  gias: z.string().optional(),
  out: z.string().default('.data/sim'),
  'port-base': z.coerce.number().int().min(0).max(65535).default(0),
  'control-port': z.coerce.number().int().min(0).max(65535).default(0),
  'authorized-key': z.array(z.string()).default([]),
  'fault-weights': z.string().optional(),
  'slow-banner-ms': z.coerce.number().int().min(0).max(600_000).default(5000),
});

function parseWeights(text: string | undefined): Partial<Record<FaultName, number>> {
  const weights: Partial<Record<FaultName, number>> = {};
  for (const pair of (text ?? '').split(',').filter(Boolean)) {
    const [name, value] = pair.split('=');
    const weight = Number(value);
    weights[FaultNameSchema.parse(name?.trim())] = Number.isFinite(weight) && weight >= 0 ? weight : 0;
  }
  return weights;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sites: { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      speed: { type: 'string' },
      start: { type: 'string' },
      gias: { type: 'string' },
      out: { type: 'string' },
      'port-base': { type: 'string' },
      'control-port': { type: 'string' },
      'authorized-key': { type: 'string', multiple: true },
      'fault-weights': { type: 'string' },
      'slow-banner-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const args = ArgsSchema.parse(values);
  const seed = /^\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
  const options: FleetOptions = {
    sites: args.sites,
    seed,
    faultRate: args.faults,
    faultWeights: parseWeights(args['fault-weights']),
    speed: args.speed,
    portBase: args['port-base'],
    controlPort: args['control-port'],
    slowBannerMs: args['slow-banner-ms'],
    authorizedKeys: await Promise.all(args['authorized-key'].map((f) => readFile(f, 'utf8'))),
  };
  if (args.start) options.start = Date.parse(args.start);
  if (args.gias) {
    const { schools, report } = await loadGiasSchools(args.gias);
    for (const line of describeGiasReport(report)) console.log(line);
    options.schools = schools;
  }
  const fleet = await startFleet(options);
  const files = await writeSitesFiles(fleet, args.out);
  const truth = fleet.control.truth();
  const faulty = truth.filter((t) => t.expected !== 'healthy').length;
  const first = fleet.sites[0];
  console.log(`fleet: ${fleet.sites.length} schools on ${first?.host ?? '127.0.0.1'}, ports ${Math.min(...fleet.sites.map((s) => s.port))}..${Math.max(...fleet.sites.map((s) => s.port))}, seed ${String(seed)}, ${faulty} not healthy`);
  console.log(`sim clock: ${new Date(fleet.clock.now()).toISOString()} at ×${fleet.clock.speed}`);
  console.log(`sites file: ${files.sitesFile}`);
  console.log(`client key: ${files.clientKeyFile} (${fleet.clientKey.fingerprint})`);
  console.log(`known_hosts: ${files.knownHostsFile}`);
  console.log(`control API: ${fleet.controlUrl ?? 'off'}`);
  if (first) console.log(`try: ssh -i ${files.clientKeyFile} -o UserKnownHostsFile=${files.knownHostsFile} -p ${first.port} ${first.user}@${first.host} b2b-agent status`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the fleet`);
    fleet.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const argError = err instanceof Error && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS');
  if (err instanceof z.ZodError) console.error(`${USAGE}\n${err.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}`);
  else if (argError) console.error(`${USAGE}\n${err.message}`);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
