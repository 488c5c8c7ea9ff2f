import { isUniformed, shareOnLoanLimit } from './share-on-loan.rule';

describe('isUniformed', () => {
  it('excludes civilian teams and contracted assets', () => {
    expect(isUniformed({ capability: 'infantry-company', commercial: false })).toBe(true);
    expect(isUniformed({ capability: 'civilian-team', commercial: false })).toBe(false);
    expect(isUniformed({ capability: 'cargo-aircraft', commercial: true })).toBe(false);
  });
});

describe('shareOnLoanLimit', () => {
  it('is the share of uniformed strength minus what is already away', () => {
    expect(shareOnLoanLimit(8000, 0, 0.25)).toBe(2000);
    expect(shareOnLoanLimit(8000, 450, 0.25)).toBe(1550);
  });

  it('never goes below zero', () => {
    expect(shareOnLoanLimit(1000, 400, 0.25)).toBe(0);
  });
});
