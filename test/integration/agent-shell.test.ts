// The reference agent's shell and awk pieces, run directly (no SSH, no root): its config
// checker must agree with the console's zod schema and canonical form, its JSON escaping
// must round-trip, and its log answers must stay inside the protocol's bounds.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfigSchema, canonicalConfig, LogsSchema, MAX_OUTPUT_BYTES, parseAnswer, type AgentConfig } from '../../shared/protocol/v1.ts';

const LIB = path.resolve(import.meta.dirname, '../../agent/lib');
const AGENT = path.resolve(import.meta.dirname, '../../agent/b2b-agent');
let dir = '';

const config: AgentConfig = {
  endpointUrl: 'https://b2b.la.example/capitaone/b2b?site=1',
  schoolId: '9992000',
  mis: { product: 'SIMS "Autumn" ✓', server: 'mis01.school.local', database: 'sims\\main' },
  schedule: { pupils: ['02:00'], attendance: ['02:00', '13:30'], exclusions: ['02:05'], assessment: ['03:00'] },
  days: { pupils: [1, 2, 3, 4, 5], attendance: [1, 2, 3, 4, 5], exclusions: [1, 2, 3, 4, 5], assessment: [5] },
  logLevel: 'info',
  proxy: 'proxy.school.local:8080\u0001',
};

function awk(args: string[], input: string): string {
  return execFileSync('awk', args, { input, env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
}

/** The agent's verdict on a config text: "ok canonical", "ok not-canonical" or "error". */
function check(text: string): string {
  const file = path.join(dir, 'check.json');
  fs.writeFileSync(file, text);
  const r = spawnSync('sh', ['-c', `AGENT_LIB=${LIB}; . "$AGENT_LIB/common.sh"; config_check "$1"`, 'sh', file], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout : `error (${r.stdout.split('\t')[1] ?? ''})`;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'b2b-agent-shell-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('config checker (agent/lib/config.awk)', () => {
  it('accepts exactly the console canonical form as canonical', () => {
    expect(check(canonicalConfig(config))).toBe('ok canonical');
    expect(check(JSON.stringify(JSON.parse(canonicalConfig(config)), null, 2))).toBe('ok not-canonical');
    expect(check(canonicalConfig(config).trimEnd())).toBe('ok not-canonical');
    expect(check(canonicalConfig(config).replace('mis01.school.local', 'mis01\\/school'))).toBe('ok not-canonical');
    expect(check(canonicalConfig(config).replace('Autumn', '\\u0041utumn'))).toBe('ok not-canonical');
    // Escapes are not decoded before checking fixed-format fields: stricter than the schema, never looser.
    expect(check(canonicalConfig(config).replace('"info"', '"\\u0069nfo"'))).toMatch(/^error/);
  });

  it('rejects what the console schema rejects', () => {
    const invalid: unknown[] = [
      { ...config, endpointUrl: 'http://b2b.la.example/' },
      { ...config, endpointUrl: 'ftp://b2b.la.example/' },
      { ...config, schoolId: '999200' },
      { ...config, mis: { ...config.mis, product: '' } },
      { ...config, mis: { ...config.mis, product: 'x'.repeat(41) } },
      { ...config, mis: { ...config.mis, extra: 1 } },
      { ...config, schedule: { ...config.schedule, pupils: [] } },
      { ...config, schedule: { ...config.schedule, pupils: ['24:00'] } },
      { ...config, days: { ...config.days, assessment: [0] } },
      { ...config, days: { ...config.days, assessment: [1.5] } },
      { ...config, logLevel: 'trace' },
      { ...config, proxy: 7 },
      { ...config, extra: true },
      Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'days')),
    ];
    for (const candidate of invalid) {
      expect(AgentConfigSchema.safeParse(candidate).success).toBe(false);
      expect({ candidate, verdict: check(`${JSON.stringify(candidate)}\n`) }).toMatchObject({ verdict: expect.stringMatching(/^error/) as unknown });
    }
  });

  it('accepts the protocol 1.1 enabled list, canonical in the console form', () => {
    for (const enabled of [['pupils'], ['attendance', 'pupils'], ['pupils', 'attendance', 'exclusions', 'assessment']] as AgentConfig['enabled'][]) {
      const withEnabled = { ...config, enabled };
      expect(AgentConfigSchema.safeParse(withEnabled).success).toBe(true);
      expect(check(canonicalConfig(withEnabled))).toBe('ok canonical');
    }
  });

  it('rejects an enabled list the console schema rejects', () => {
    const invalid: unknown[] = [[], ['pupils', 'pupils'], ['grades'], ['pupils', 'attendance', 'exclusions', 'assessment', 'pupils'], 'pupils', [1], null];
    for (const enabled of invalid) {
      const candidate = { ...config, enabled };
      expect(AgentConfigSchema.safeParse(candidate).success).toBe(false);
      expect({ enabled, verdict: check(`${JSON.stringify(candidate)}\n`) }).toMatchObject({ verdict: expect.stringMatching(/^error \(enabled/) as unknown });
    }
    // The only optional key: a config with enabled but without days is still incomplete.
    const noDays = Object.fromEntries(Object.entries({ ...config, enabled: ['pupils'] }).filter(([k]) => k !== 'days'));
    expect(check(`${JSON.stringify(noDays)}\n`)).toMatch(/^error \(the config must have exactly the keys/);
  });

  it('tells the agent and its service which datasets to send (absent: all four)', () => {
    const enabledIn = (c: AgentConfig, dataset: string): boolean => {
      const file = path.join(dir, 'enabled.json');
      fs.writeFileSync(file, canonicalConfig(c));
      const script = `AGENT_LIB=${LIB}; . "$AGENT_LIB/common.sh"; CONFIG=$1; dataset_enabled "$2"`;
      return spawnSync('sh', ['-c', script, 'sh', file, dataset]).status === 0;
    };
    expect(enabledIn(config, 'exclusions')).toBe(true);
    expect(enabledIn({ ...config, enabled: ['pupils', 'attendance'] }, 'attendance')).toBe(true);
    expect(enabledIn({ ...config, enabled: ['pupils', 'attendance'] }, 'exclusions')).toBe(false);
  });

  it('rejects text that is not one JSON document', () => {
    for (const text of ['', '{', '{"a":1}{"b":2}', '{"a":1,"a":2}', '[1,]', '{"a":"\u0001"}', `${'['.repeat(40)}${']'.repeat(40)}`]) {
      expect(check(`${text}\n`)).toMatch(/^error/);
    }
  });

  it('prints a field as its raw JSON token', () => {
    const file = path.join(dir, 'get.json');
    fs.writeFileSync(file, canonicalConfig(config));
    const get = (p: string): string => execFileSync('awk', ['-v', 'mode=get', '-v', `path=${p}`, '-f', path.join(LIB, 'config.awk'), file], { encoding: 'utf8' }).trim();
    expect(JSON.parse(`"${get('.mis.product')}"`)).toBe(config.mis.product);
    expect(JSON.parse(get('.days.attendance'))).toEqual(config.days.attendance);
  });
});

describe('JSON output helpers', () => {
  it('escapes any text so that it parses back unchanged', () => {
    const samples = ['plain', 'quote " backslash \\ slash /', 'tab\tcr\rnl\nff\fbs\b', '\u0001\u001f\u007f', 'ünïcödé ✓ 😀', '$(touch x) `id` ${HOME}'];
    for (const s of samples) {
      const out = execFileSync('sh', ['-c', `AGENT_LIB=${LIB}; . "$AGENT_LIB/common.sh"; json_str "$1"`, 'sh', s], { encoding: 'utf8' });
      expect(JSON.parse(out)).toBe(s);
    }
  });

  it('keeps a logs answer in time order, inside its line and byte limits', () => {
    const long = 'x'.repeat(5000);
    const lines = Array.from({ length: 1000 }, (_, i) => `2026-11-16T09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z\tinfo\t${i} ${long}`);
    const text = ['garbage line', ...lines].join('\n');
    const out = awk(['-F', '\t', '-v', 'budget=240000', '-f', path.join(LIB, 'json.awk'), '-f', path.join(LIB, 'logs.awk')], `${text}\n`);
    expect(out.length).toBeLessThan(MAX_OUTPUT_BYTES);
    const logs = LogsSchema.parse(JSON.parse(out));
    expect(logs.truncated).toBe(true);
    expect(logs.lines.at(-1)?.msg.startsWith('999 ')).toBe(true);
    expect(logs.lines.every((l) => l.msg.length <= 2000)).toBe(true);
  });
});

describe('b2b-agent run directly', () => {
  it('answers usage errors and a missing install with stable codes', () => {
    const run = (...args: string[]): string => spawnSync('sh', [AGENT, '--home', path.join(dir, 'nowhere'), ...args], { encoding: 'utf8' }).stdout;
    expect(parseAnswer('status', run('status'))).toMatchObject({ ok: false, error: { code: 'E_NOT_INSTALLED' } });
    expect(JSON.parse(run('status'))).toMatchObject({ protocol: '1.1' });
    expect(parseAnswer('status', run('logs', '--tail', '1001'))).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
    expect(parseAnswer('status', run('config', 'apply', '--expect', `sha256:${'A'.repeat(64)}`))).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
    const forced = spawnSync('sh', [AGENT, '--home', dir, '--ssh'], { encoding: 'utf8', env: { ...process.env, SSH_ORIGINAL_COMMAND: 'sh -c id' } }).stdout;
    expect(parseAnswer('status', forced)).toMatchObject({ ok: false, error: { code: 'E_USAGE' } });
  });
});
