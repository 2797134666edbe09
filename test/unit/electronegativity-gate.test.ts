import { describe, expect, it } from 'vitest';
import { judgeFindings, parseAllowList, type AllowEntry, type Finding } from '../tools/electronegativity.ts';

const finding = (id: string, file: string, severity = 'HIGH'): Finding => ({ id, file, line: 1, severity, confidence: 'FIRM', sample: '' });
const allowed = (id: string, file: string, why = 'options come from a helper the check cannot follow'): AllowEntry => ({ id, file, why });

describe('electronegativity gate', () => {
  it('fails on a HIGH finding that is not allow-listed', () => {
    const v = judgeFindings([finding('NODE_INTEGRATION_JS_CHECK', 'main/window.ts')], []);
    expect(v.blocking.map((f) => f.id)).toEqual(['NODE_INTEGRATION_JS_CHECK']);
  });

  it('passes an allow-listed HIGH finding and ignores lower severities', () => {
    const v = judgeFindings(
      [finding('CONTEXT_ISOLATION_JS_CHECK', 'main/window.ts'), finding('SANDBOX_JS_CHECK', 'main/window.ts', 'MEDIUM')],
      [allowed('CONTEXT_ISOLATION_JS_CHECK', 'main/window.ts')],
    );
    expect(v).toEqual({ blocking: [], stale: [], unexplained: [] });
  });

  it('matches on the file too: the same check elsewhere still fails', () => {
    const v = judgeFindings([finding('CONTEXT_ISOLATION_JS_CHECK', 'main/other.ts')], [allowed('CONTEXT_ISOLATION_JS_CHECK', 'main/window.ts')]);
    expect(v.blocking).toHaveLength(1);
    expect(v.stale).toHaveLength(1);
  });

  it('reports a stale entry that matches nothing, and an entry without a reason', () => {
    const v = judgeFindings([finding('X', 'a.ts')], [allowed('GONE_CHECK', 'main/window.ts'), allowed('X', 'a.ts', '')]);
    expect(v.stale.map((a) => a.id)).toEqual(['GONE_CHECK']);
    expect(v.unexplained.map((a) => a.id)).toEqual(['X']);
    expect(v.blocking.map((f) => f.id)).toEqual(['X']);
  });

  it('refuses a malformed allow-list', () => {
    expect(() => parseAllowList('[{"id":"X","file":"a.ts"}]')).toThrow(/"why"/);
    expect(parseAllowList('[{"id":"X","file":"a.ts","why":"because of reasons"}]')).toHaveLength(1);
  });
});
