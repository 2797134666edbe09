// What the fleet leaves on disk for the console and for people: the sites file, the
// client key pair to log in with, and a known_hosts with every school's pinned key.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Fleet } from './fleet.ts';
import type { SchoolIdentity } from './profile.ts';

/** One entry per school: SiteInput's fields (shared/site.ts) plus how to pin the host key. */
export interface SitesFileEntry extends SchoolIdentity {
  host: string;
  port: number;
  user: string;
  hostKey: string;
  hostKeyFingerprint: string;
  tags: string[];
}

export interface SitesFile {
  format: 'b2b-fleet-sim/sites@1';
  seed: string | number;
  generatedAt: string;
  controlUrl: string | null;
  /** Absolute path of the client private key written next to this file. */
  clientKeyFile: string;
  sites: SitesFileEntry[];
}

export interface WrittenFiles {
  dir: string;
  sitesFile: string;
  clientKeyFile: string;
  clientPublicKeyFile: string;
  knownHostsFile: string;
}

export async function writeSitesFiles(fleet: Fleet, outDir: string): Promise<WrittenFiles> {
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files: WrittenFiles = {
    dir,
    sitesFile: join(dir, 'sites.json'),
    clientKeyFile: join(dir, 'client_ed25519'),
    clientPublicKeyFile: join(dir, 'client_ed25519.pub'),
    knownHostsFile: join(dir, 'known_hosts'),
  };
  const doc: SitesFile = {
    format: 'b2b-fleet-sim/sites@1',
    seed: fleet.seed,
    generatedAt: new Date().toISOString(),
    controlUrl: fleet.controlUrl,
    clientKeyFile: files.clientKeyFile,
    sites: fleet.sites.map((s) => ({ ...s, tags: ['demo'] })),
  };
  // ssh refuses a private key that others can read.
  await writeFile(files.clientKeyFile, fleet.clientKey.privateKey, { mode: 0o600 });
  await chmod(files.clientKeyFile, 0o600);
  await writeFile(files.clientPublicKeyFile, `${fleet.clientKey.publicKey}\n`, { mode: 0o644 });
  await writeFile(files.knownHostsFile, fleet.sites.map((s) => `[${s.host}]:${s.port} ${s.hostKey.split(' ').slice(0, 2).join(' ')}\n`).join(''), { mode: 0o644 });
  await writeFile(files.sitesFile, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o644 });
  return files;
}
