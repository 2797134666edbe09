import { describe, expect, it } from 'vitest';
import { operatorContext } from '../../../electron/server/operator-context.ts';

const at = (query: string) => operatorContext(new URL(`http://127.0.0.1:1/ws${query}`));

describe('operator name on the WebSocket URL', () => {
  it('builds the request context from the named operator, trimmed', () => {
    expect(at('?operator=Sam%20Patel')).toEqual({ ok: true, context: { actor: 'Sam Patel' } });
    expect(at('?operator=%20%20Priya%20')).toEqual({ ok: true, context: { actor: 'Priya' } });
    expect(at(`?operator=${'a'.repeat(80)}`)).toMatchObject({ ok: true });
    expect(at('?operator=Zo%C3%AB%20O%E2%80%99Neill')).toEqual({ ok: true, context: { actor: 'Zoë O’Neill' } });
  });

  it('refuses a missing, short, long, or disguised name with a clear message', () => {
    expect(at('')).toEqual({ ok: false, message: 'Name the operator: /ws?operator=<name>' });
    expect(at('?operator=')).toEqual({ ok: false, message: 'Operator name refused: A name is at least 2 characters' });
    expect(at('?operator=%20S%20')).toEqual({ ok: false, message: 'Operator name refused: A name is at least 2 characters' });
    expect(at(`?operator=${'a'.repeat(81)}`)).toEqual({ ok: false, message: 'Operator name refused: A name is at most 80 characters' });
    expect(at('?operator=Sam%E2%80%AEPatel')).toEqual({ ok: false, message: expect.stringMatching(/Text direction characters/) as unknown });
    expect(at('?operator=Sam%07')).toEqual({ ok: false, message: 'Operator name refused: Control characters are not allowed' });
    expect(at('?operator=Sam%0APatel')).toEqual({ ok: false, message: 'Operator name refused: Control characters are not allowed' });
  });
});
