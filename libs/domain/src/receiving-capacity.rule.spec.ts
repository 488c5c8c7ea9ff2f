import { receivingLimit } from './receiving-capacity.rule';

describe('receivingLimit', () => {
  it('subtracts what existing loans in already use', () => {
    expect(receivingLimit(1000, 300)).toBe(700);
  });

  it('never goes below zero', () => {
    expect(receivingLimit(2, 5)).toBe(0);
  });
});
