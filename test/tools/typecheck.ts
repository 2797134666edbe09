// Type-checks every runtime's tsconfig; each one is a separate gate.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TSCONFIGS = ['tsconfig.shared.json', 'tsconfig.node.json', 'tsconfig.electron.json', 'tsconfig.renderer.json', 'tsconfig.e2e.json'];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

export function typecheck(config: string): boolean {
  const r = spawnSync(process.execPath, [tsc, '-p', config, '--pretty'], { cwd: root, stdio: 'inherit' });
  return r.status === 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const failed = TSCONFIGS.filter((c) => {
    const ok = typecheck(c);
    console.log(`${ok ? 'ok  ' : 'FAIL'} tsc -p ${c}`);
    return !ok;
  });
  process.exit(failed.length ? 1 : 0);
}
