import { leadTime } from '../../lead-time.rule';
import { pairContext } from './check.fixture';
import { timeliness } from './timeliness.check';

describe('check: timeliness', () => {
  const at = (arriveBy: string, coverage: number) => pairContext({ timing: () => ({ lead: leadTime(30, [], 2), arriveBy, returnBy: '2011-03-15T00:00:00.000Z', coverage }) });

  it('refuses an arrival after the window, naming what sets it', () => {
    expect(timeliness.check(at('2011-03-05T00:00:00Z', 0))).toEqual({ reason: 'too-late', detail: 'notice to move 30 d + transit 2 d: arrival 2011-03-05 after window end 2011-03-01' });
  });
  it('refuses a coverage below the minimum and accepts it at the minimum', () => {
    expect(timeliness.check(at('2011-02-16T00:00:00Z', 0.22))).toEqual({
      reason: 'too-late',
      detail: 'notice to move 30 d + transit 2 d: arrival 2011-02-16 covers 22% of window 2011-01-01..2011-03-01, min 25%',
    });
    expect(timeliness.check(at('2011-02-15T00:00:00Z', 0.25))).toBeUndefined();
  });
  it('names the pending consent on the critical path, so a grant now can be measured against it', () => {
    const pak = { kind: 'contributor' as const, party: 'PAK', state: 'pending' as const, delayDays: 40 };
    const late = pairContext({ timing: () => ({ lead: leadTime(7, [pak], 2), arriveBy: '2011-03-05T00:00:00Z', returnBy: '2011-03-15T00:00:00.000Z', coverage: 0 }) });
    expect(timeliness.check(late)).toEqual(expect.objectContaining({ reason: 'too-late', consents: ['contributor:PAK'] }));
    expect(timeliness.check(at('2011-03-05T00:00:00Z', 0))).not.toHaveProperty('consents');
  });
});
