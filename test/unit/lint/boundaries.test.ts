// The layering rule must bite: each fixture breaks it and must be reported.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// The project's own config, with type information off so fixtures need not exist on disk.
const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import-boundary rule', () => {
  it.each([
    ['shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['shared/x.ts', "import { createCore } from '../electron/core/core.ts';\nexport const a = createCore;"],
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['electron/main/x.ts', "import { openDatabase } from '../core/store/sqlite/db.ts';\nexport const a = openDatabase;"],
    ['electron/core/sites/x.ts', "import { SitesRepo } from '../store/sqlite/sites-repo.ts';\nexport const a = SitesRepo;"],
    ['electron/core/poller/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;"],
    ['electron/core/poller/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['renderer/src/x.ts', "import path from 'path';\nexport const a = path;"],
    ['renderer/src/x.ts', "import { createCore } from '../../electron/core/core.ts';\nexport const a = createCore;"],
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;"],
  ])('reports %s importing across a boundary', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;"],
    ['electron/core/x.ts', "import fs from 'node:fs';\nexport const a = fs;"],
    ['electron/core/sites/x.ts', "import type { Store } from '../store/store.ts';\nexport type A = Store;"],
    ['electron/core/store/sqlite/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;"],
    ['renderer/src/x.ts', "import { channels } from '../../shared/contract.ts';\nexport const a = channels;"],
  ])('allows %s its own imports', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
