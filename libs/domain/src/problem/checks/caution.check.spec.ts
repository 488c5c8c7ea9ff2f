import { caution } from './caution.check';
import { donorContext } from './check.fixture';

describe('check: caution', () => {
  const eng = (allowCaution?: boolean) => {
    const base = donorContext();
    return donorContext({ demand: { ...base.demand, capability: 'engineering-unit', allowCaution } });
  };
  it('keeps a caution capability out unless the demand allows it', () => {
    expect(caution.check(eng())).toEqual({ reason: 'caution-capability', detail: 'engineering-unit is a caution capability and the demand does not allow it' });
    expect(caution.check(eng(true))).toBeUndefined();
  });
  it('passes an ordinary capability', () => {
    expect(caution.check(donorContext())).toBeUndefined();
  });
});
