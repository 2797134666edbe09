import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CollectorConfigError, consoleToken, parseCollectorArgs, TOKEN_FILE } from '../../../electron/server/collector.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir('b2b-collector-');

describe("the collector's console access token", () => {
  it('is made once, readable by its owner only, and the same after a restart', () => {
    const dir = path.join(tempDir(), 'data');
    const first = consoleToken(dir);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((fs.statSync(path.join(dir, TOKEN_FILE)).mode & 0o777).toString(8)).toBe('600');
    expect(consoleToken(dir)).toBe(first);
  });

  it('refuses a file that does not hold a token rather than replace it', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, TOKEN_FILE), 'not a token\n');
    expect(() => consoleToken(dir)).toThrow(CollectorConfigError);
    expect(() => consoleToken(dir)).toThrow(/delete it to have a new one made/);
    expect(fs.readFileSync(path.join(dir, TOKEN_FILE), 'utf8')).toBe('not a token\n');
  });
});

describe('collector arguments', () => {
  it('takes the database from the environment and listens on loopback only', () => {
    expect(parseCollectorArgs(['--listen', '127.0.0.1:0', '--name', 'c1', '--data', '/d'], { B2B_STORE_URL: 'postgres://u:p@127.0.0.1/b2b' })).toEqual({ db: 'postgres://u:p@127.0.0.1/b2b', port: 0, name: 'c1', dataDir: '/d', keyDir: '/d', timings: {} });
    expect(() => parseCollectorArgs(['--db', 'postgres://x/y', '--listen', '0.0.0.0:8443'])).toThrow(/127\.0\.0\.1 only/);
    expect(() => parseCollectorArgs([], {})).toThrow(/No database/);
    expect(() => parseCollectorArgs(['--db', 'mysql://x/y'])).toThrow(/postgres:\/\//);
  });
});
