import { DEFAULT_POLICY } from '../../policy.defaults';
import { donorContext } from './check.fixture';
import { donorInCrisis } from './donor-in-crisis.check';

describe('check: donor in crisis', () => {
  it('keeps a donor in crisis out, naming what it keeps', () => {
    expect(donorInCrisis.check(donorContext({ donorInCrisis: true }))).toEqual({ reason: 'donor-in-crisis', detail: 'UNMIL is in crisis and keeps its infantry-company units' });
  });
  it('lets it lend when the policy says donors in crisis lend, and passes a donor at peace', () => {
    expect(donorInCrisis.check(donorContext({ donorInCrisis: true, policy: { ...DEFAULT_POLICY, donorInCrisisLends: true } }))).toBeUndefined();
    expect(donorInCrisis.check(donorContext())).toBeUndefined();
  });
});
