import { pairContext } from './check.fixture';
import { plannerRejection } from './planner-rejection.check';

describe('check: planner rejection', () => {
  it('names the rejected unit, and passes a group no planner rejected', () => {
    expect(plannerRejection.check(pairContext({ rejectedUnit: 'UNMIL-inf-02' }))).toEqual({
      reason: 'rejected-by-planner',
      detail: 'a planner rejected PAK infantry-company from UNMIL (unit UNMIL-inf-02) for this demand',
    });
    expect(plannerRejection.check(pairContext())).toBeUndefined();
  });
});
