// Issue 9, item 4: an unusable answer says which side to update or which field was wrong.
import { describe, expect, it } from 'vitest';
import { parseAnswer, ProtocolError } from '../../../shared/protocol/v1.ts';

const messageOf = (stdout: string): string => {
  try {
    parseAnswer('status', stdout);
  } catch (err) {
    if (err instanceof ProtocolError) return err.message;
    throw err;
  }
  return 'parsed';
};

describe('parseAnswer errors', () => {
  it('names the side to update when the protocol majors differ', () => {
    expect(messageOf(JSON.stringify({ protocol: '2.1', ok: true, data: {} }))).toBe('The agent speaks protocol 2.1; this console understands 1.x: update the console');
    expect(messageOf(JSON.stringify({ protocol: '0.9', ok: true, data: {} }))).toBe('The agent speaks protocol 0.9; this console understands 1.x: update the agent');
  });

  it('names the field and what was wrong with it, not a bare zod message', () => {
    expect(messageOf(JSON.stringify({ protocol: 1, ok: true }))).toBe('status answer is not a protocol envelope: protocol should be a string, got a number (1)');
    expect(messageOf(JSON.stringify({ protocol: '1.0', ok: false, error: { code: 'E_NOPE', message: 'x' } }))).toMatch(/^status error answer: code should be one of "E_USAGE", .*got "E_NOPE"$/);
  });
});
