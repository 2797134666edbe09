// Key rotation's pure decisions: who takes part, and the next step from the agent's keys.
import { describe, expect, it } from 'vitest';
import { lookAt, nextStep, planRotation, settleProof, stepFailed, TOO_OLD, type RotationCandidate } from '../../../electron/core/keys/rotation-decide.ts';
import type { VerbOutcome } from '../../../electron/core/ssh/agent-client.ts';

const OLD = `SHA256:${'o'.repeat(43)}`;
const NEW = `SHA256:${'n'.repeat(43)}`;
const fp = { old: OLD, new: NEW };
type ListOut = VerbOutcome<{ verb: 'auth-list' }>;
const listed = (fps: string[], session: string | null = null): ListOut => ({
  ok: true,
  exitCode: 0,
  answer: { ok: true, data: { keys: fps.map((f) => ({ type: 'ssh-ed25519', fingerprint: f, comment: '' })), session } },
});
const agentSays = (code: 'E_USAGE' | 'E_BUSY' | 'E_KEY_IN_USE'): ListOut => ({ ok: true, exitCode: 1, answer: { ok: false, error: { code, message: 'no' } } });
const transport = (kind: 'connect-refused' | 'auth-failed' | 'protocol-error'): ListOut => ({ ok: false, failure: { kind, message: kind } });

describe('planRotation', () => {
  const site = (over: Partial<RotationCandidate>): RotationCandidate => ({ siteId: 1, name: 'A', setUp: true, credentialId: 1, credentialName: 'old', hostkeyApproved: true, hostkeyChanged: false, agentVersion: '1.1.0', ...over });
  it('takes sites on the old or new key and says why the others cannot rotate', () => {
    const plan = planRotation(
      [
        site({ siteId: 1 }),
        site({ siteId: 2, credentialId: 2 }),
        site({ siteId: 3, credentialId: 7, credentialName: 'other' }),
        site({ siteId: 4, agentVersion: '1.0.3' }),
        site({ siteId: 5, hostkeyApproved: false }),
        site({ siteId: 6, credentialId: null }),
        site({ siteId: 7, setUp: false }),
      ],
      1,
      2,
    );
    expect(plan.ready.map((s) => s.siteId)).toEqual([1, 2]);
    expect(plan.cannot.map((s) => [s.siteId, s.tooOld, s.reason])).toEqual([
      [3, false, 'It logs in with another key (other), not the old one'],
      [4, true, TOO_OLD],
      [5, false, expect.stringMatching(/host key has not been approved/) as string],
      [6, false, 'No SSH key is set up for it'],
      [7, false, expect.stringMatching(/not set up/i) as string],
    ]);
  });
});

describe('nextStep', () => {
  it('adds, proves, then (switched) removes, then is done', () => {
    expect(nextStep(false, lookAt(listed([OLD])), fp)).toEqual({ do: 'add' });
    expect(nextStep(false, lookAt(listed([OLD, NEW])), fp)).toEqual({ do: 'prove' });
    expect(nextStep(true, lookAt(listed([OLD, NEW])), fp)).toEqual({ do: 'remove' });
    expect(nextStep(true, lookAt(listed([NEW])), fp)).toEqual({ do: 'finish', state: 'done', message: null });
  });

  it('never removes the old key while the site is not switched to the new one', () => {
    for (const keys of [[OLD], [OLD, NEW], [NEW], []]) expect(nextStep(false, lookAt(listed(keys)), fp).do).not.toBe('remove');
  });

  it('reports a 1.0 agent as too old, not failed; offline as waiting; other trouble as failed', () => {
    expect(nextStep(false, lookAt(agentSays('E_USAGE')), fp)).toEqual({ do: 'finish', state: 'too-old', message: TOO_OLD });
    expect(nextStep(false, lookAt(transport('connect-refused')), fp)).toMatchObject({ do: 'finish', state: 'offline' });
    expect(nextStep(false, lookAt(transport('auth-failed')), fp)).toMatchObject({ do: 'finish', state: 'failed', message: 'Kept the old key: auth-failed' });
    expect(nextStep(false, lookAt(agentSays('E_BUSY')), fp)).toMatchObject({ do: 'finish', state: 'failed' });
  });

  it('stops a step on an agent refusal', () => {
    expect(stepFailed(agentSays('E_KEY_IN_USE'))).toEqual({ kind: 'failed', code: 'E_KEY_IN_USE', message: 'E_KEY_IN_USE: no' });
    expect(stepFailed(listed([NEW]))).toBeNull();
  });
});

describe('settleProof', () => {
  it('is proven only by a login the agent says used the new key', () => {
    expect(settleProof(listed([OLD, NEW], NEW), NEW)).toEqual({ proven: true });
    expect(settleProof(listed([OLD, NEW], null), NEW)).toEqual({ proven: true });
    expect(settleProof(listed([OLD, NEW], OLD), NEW)).toMatchObject({ proven: false, look: { kind: 'failed' } });
    expect(settleProof(listed([OLD], null), NEW)).toMatchObject({ proven: false });
    expect(settleProof(transport('auth-failed'), NEW)).toMatchObject({ proven: false, look: { kind: 'failed', message: 'the new key did not log in (auth-failed)' } });
    expect(settleProof(transport('connect-refused'), NEW)).toMatchObject({ proven: false, look: { kind: 'offline' } });
  });
});
