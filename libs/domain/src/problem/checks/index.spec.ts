import { DONOR_CHECKS, firstFailure, PAIR_CHECKS } from '.';
import { pairContext } from './check.fixture';

describe('eligibility order', () => {
  it('runs the checks in the documented order', () => {
    expect([...DONOR_CHECKS, ...PAIR_CHECKS].map((c) => c.name)).toEqual([
      'no units',
      'caution',
      'reach',
      'consents',
      'planner rejection',
      'donor in crisis',
      'timeliness',
      'floor',
      'share',
      'receiving',
    ]);
  });
  it('reports the first failing check when several fail', () => {
    const c = pairContext({ rejectedUnit: 'UNMIL-inf-01', posture: { held: 3, available: 3, committed: 0, onLoanOut: 0, floor: 3 }, room: { personnel: 0, aircraft: 0 } });
    expect(firstFailure(PAIR_CHECKS, c)?.reason).toBe('rejected-by-planner');
    expect(firstFailure(PAIR_CHECKS, pairContext())).toBeUndefined();
  });
});
