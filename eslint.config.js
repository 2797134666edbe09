// Lint: strict typescript-eslint, plus the layering rule that holds each folder to
// what it may import (see DEVELOPERS.md). `npm run lint` allows zero warnings.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

const noNode = { group: ['node:*', ...NODE_BUILTINS], message: 'This layer runs outside Node: no Node built-ins.' };
// The package, not our own electron/ folder reached by a relative path.
const noElectron = { regex: '^electron(/|$)', message: 'Only the shell (electron/main, electron/preload) may import electron.' };

/** Every file is type-checked by the tsconfig of its runtime. */
const TSCONFIGS = ['./tsconfig.renderer.json', './tsconfig.electron.json', './tsconfig.e2e.json', './tsconfig.node.json', './tsconfig.shared.json'];

/** The layering rule, one entry per layer: files → forbidden import patterns. */
export const layers = [
  {
    name: 'shared is pure',
    files: ['shared/**/*.ts'],
    patterns: [noNode, noElectron, { group: ['react', 'react-dom', '**/electron/**', '**/renderer/**', '**/sim/**', 'ssh2', 'better-sqlite3', 'ws'], message: 'shared/ may import zod and shared/ only.' }],
  },
  {
    name: 'the core never imports electron',
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts', 'sim/**/*.ts'],
    patterns: [noElectron, { group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], message: 'The core runs in its own process: it talks to the shell and UI only through the contract.' }],
  },
  {
    // Listed after the core's rule, which it repeats: for one file, the last matching rule wins.
    name: 'only the store knows its database',
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/store/**', 'electron/core/core.ts'],
    patterns: [
      noElectron,
      { group: ['**/electron/main/**', '**/electron/preload/**', '**/renderer/**'], message: 'The core runs in its own process: it talks to the shell and UI only through the contract.' },
      { group: ['**/store/sqlite/**', '**/store/postgres/**', 'better-sqlite3', 'pg'], message: 'Domain code reaches the database through store/store.ts only; SQL lives in store/sqlite/ and store/postgres/.' },
    ],
  },
  {
    name: 'the shell does not reach into the core',
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    patterns: [{ group: ['**/core/**', '!**/core/log.ts', '!**/core/operator.ts', '**/renderer/**', '**/sim/**', 'better-sqlite3', 'ssh2'], message: 'The shell relays to the core process; it does not import its modules.' }],
  },
  {
    name: 'the renderer talks only to its API client',
    files: ['renderer/src/**/*.{ts,tsx}'],
    patterns: [noNode, noElectron, { group: ['**/electron/**', '**/sim/**', 'better-sqlite3', 'ssh2', 'ws'], message: 'The renderer reaches the core only through its typed API client.' }],
  },
];

export default tseslint.config(
  { ignores: ['.tmp/**', 'dist/**', 'release/**', 'node_modules/**', '.tooling/**', 'test-results/**', 'test/fixtures/**', 'agent/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: TSCONFIGS, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
    },
  },
  // Config files are loaded by tools that expect a default export.
  { files: ['*.config.{js,ts}', '**/*.config.ts', 'renderer/vite.config.ts', 'eslint.config.js'], rules: { 'no-restricted-exports': 'off' } },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layers.map((layer) => ({
    files: layer.files,
    ...(layer.ignores ? { ignores: layer.ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns: layer.patterns }] },
  })),
);
