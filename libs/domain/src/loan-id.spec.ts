import { loanIdFor } from './loan-id';

describe('loanIdFor', () => {
  it('is stable and ignores unit order', () => {
    expect(loanIdFor('c1/infantry-company', ['u2', 'u1'])).toBe(loanIdFor('c1/infantry-company', ['u1', 'u2']));
    expect(loanIdFor('c1/infantry-company', ['u1'])).toMatch(/^loan-[0-9a-f]{12}$/);
  });

  it('changes with the demand or the units', () => {
    const id = loanIdFor('c1/infantry-company', ['u1']);
    expect(loanIdFor('c2/infantry-company', ['u1'])).not.toBe(id);
    expect(loanIdFor('c1/infantry-company', ['u1', 'u3'])).not.toBe(id);
  });
});
