import { group, pairContext } from './check.fixture';
import { share } from './share.check';

describe('check: share', () => {
  it('refuses a uniformed unit bigger than what the donor may still lend', () => {
    expect(share.check(pairContext({ share: { limit: 120, uniformed: 4000 } }))).toEqual({
      reason: 'share-on-loan',
      detail: '150 personnel per unit > 120 UNMIL may still lend (25% of 4000)',
    });
    expect(share.check(pairContext({ share: { limit: 150, uniformed: 4000 } }))).toBeUndefined();
  });
  it('does not count civilians against the uniformed share', () => {
    const civilians = { ...group, capability: 'civilian-team' as const };
    expect(share.check(pairContext({ group: civilians, share: { limit: 0, uniformed: 4000 } }))).toBeUndefined();
  });
});
