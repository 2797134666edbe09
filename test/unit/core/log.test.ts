import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../electron/core/log.ts';
import { useTempDir } from '../../helpers/temp-dir.ts';

const tempDir = useTempDir();
const PEM = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';

describe('logs', () => {
  it('redact secrets by key and private keys by shape', () => {
    expect(redact({ host: 'h', passphrase: 'p', privateKey: PEM, nested: { token: 't', note: `key ${PEM}` } })).toEqual({
      host: 'h',
      passphrase: '[redacted]',
      privateKey: '[redacted]',
      nested: { token: '[redacted]', note: 'key [redacted key]' },
    });
  });

  it('write one JSON object a line and never the secret', () => {
    const dir = tempDir();
    const log = createLogger({ dir, name: 't' });
    log.child({ site: 141885 }).info('connected', { password: 'hunter2', port: 22 });
    log.close();
    const lines = fs.readFileSync(path.join(dir, 't.log'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', msg: 'connected', site: 141885, port: 22, password: '[redacted]' });
    expect(lines[0]).not.toContain('hunter2');
  });

  it('rotate by size and keep a bounded number of files', () => {
    const dir = tempDir();
    const log = createLogger({ dir, name: 'r', maxBytes: 400, keep: 2 });
    for (let i = 0; i < 40; i++) log.info('line', { i });
    log.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['r.1.log', 'r.2.log', 'r.log']);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(400);
  });
});
