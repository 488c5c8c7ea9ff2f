import { DEFAULT_POLICY } from '../../policy.defaults';
import { toMs } from '../../time.util';
import { pairContext } from './check.fixture';
import { donorInCrisis } from './donor-in-crisis.check';

// The fixture's loan arrives 2010-12-10 and returns 2011-03-15.
const window = (crisisId: string, start: string, end: string) => ({ crisisId, kind: 'election' as const, startMs: toMs(start), endMs: toMs(end) });

describe('check: donor in crisis during the loan (v3)', () => {
  it('keeps a donor whose crisis starts during the loan, naming the crisis and its start', () => {
    const election = window('UNMIL-election-2011', '2011-01-20T00:00:00Z', '2011-02-20T00:00:00Z');
    expect(donorInCrisis.check(pairContext({ donorCrises: [election] }))).toEqual({
      reason: 'donor-in-crisis',
      detail: 'UNMIL is in crisis from 2011-01-20 (UNMIL-election-2011, election), during the loan (2010-12-10 to 2011-03-15), and keeps its infantry-company units',
    });
  });
  it('lets a donor lend when its crisis ends before the loan arrives or starts after it returns', () => {
    expect(donorInCrisis.check(pairContext({ donorCrises: [window('before', '2010-11-01T00:00:00Z', '2010-12-10T00:00:00Z')] }))).toBeUndefined();
    expect(donorInCrisis.check(pairContext({ donorCrises: [window('after', '2011-03-15T00:00:00Z', '2011-04-01T00:00:00Z')] }))).toBeUndefined();
  });
  it('keeps a donor whose own record says crisis, and lets any lend when the policy says donors in crisis lend', () => {
    const record = { startMs: Number.NEGATIVE_INFINITY, endMs: Number.POSITIVE_INFINITY };
    expect(donorInCrisis.check(pairContext({ donorCrises: [record] }))?.detail).toBe('UNMIL is in crisis (its own record), during the loan (2010-12-10 to 2011-03-15), and keeps its infantry-company units');
    expect(donorInCrisis.check(pairContext({ donorCrises: [record], policy: { ...DEFAULT_POLICY, donorInCrisisLends: true } }))).toBeUndefined();
    expect(donorInCrisis.check(pairContext())).toBeUndefined();
  });
});
