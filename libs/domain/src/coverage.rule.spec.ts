import { coverage, returnBy } from './coverage.rule';
import { addDaysMs, DAY_MS, toMs } from './time.util';

const window = { start: '2011-01-01T00:00:00Z', end: '2011-01-31T00:00:00Z' };

describe('coverage', () => {
  it('is 1 for an arrival before the window opens', () => {
    expect(coverage('2010-12-20T00:00:00Z', window)).toBe(1);
  });

  it('is the remaining share for an arrival inside the window', () => {
    expect(coverage('2011-01-16T00:00:00Z', window)).toBeCloseTo(0.5, 9);
    expect(coverage('2011-01-25T00:00:00Z', window)).toBeCloseTo(0.2, 9);
  });

  it('is 0 for an arrival after the window closes, never negative', () => {
    expect(coverage('2011-02-10T00:00:00Z', window)).toBe(0);
  });

  it('counts only the days the loan is there: up to arrival + maxLoanDays', () => {
    // 10 Jan to 31 Dec 2011 is 355 days; a loan arriving on 10 Jan stays 180 of them.
    const year = { start: '2011-01-10T00:00:00Z', end: '2011-12-31T00:00:00Z' };
    expect(coverage('2011-01-10T00:00:00Z', year, { maxLoanDays: 180 })).toBeCloseTo(180 / 355, 9);
    expect(coverage('2011-01-10T00:00:00Z', year)).toBe(1);
  });

  it('stops at the consents validUntil', () => {
    // Window 1 Jan to 31 Jan; the consent ends on 16 Jan: half of it.
    expect(coverage('2010-12-20T00:00:00Z', window, { maxLoanDays: 180, consentsValidUntil: '2011-01-16T00:00:00Z' })).toBeCloseTo(0.5, 9);
    expect(coverage('2010-12-20T00:00:00Z', window, { consentsValidUntil: '2010-12-31T00:00:00Z' })).toBe(0);
  });

  it('is 0 for an empty window', () => {
    expect(coverage('2010-01-01T00:00:00Z', { start: window.end, end: window.end })).toBe(0);
  });
});

describe('returnBy', () => {
  const policy = { demobilizationDays: 14, maxLoanDays: 180 };

  it('is the window end plus demobilisation', () => {
    expect(returnBy('2010-12-20T00:00:00Z', window, policy)).toBe('2011-02-14T00:00:00.000Z');
  });

  it('is capped by the maximum loan length after arrival', () => {
    const long = { start: '2011-01-01T00:00:00Z', end: '2012-01-01T00:00:00Z' };
    expect(returnBy('2011-01-01T00:00:00Z', long, policy)).toBe('2011-06-30T00:00:00.000Z');
  });

  it('is capped by the earliest validUntil of the consents', () => {
    expect(returnBy('2010-12-20T00:00:00Z', window, policy, '2011-01-16T00:00:00.000Z')).toBe('2011-01-16T00:00:00.000Z');
  });
});

describe('addDaysMs', () => {
  it('is the Date of toMs + days without the string, fractions of a millisecond included', () => {
    for (const days of [0, 1, 0.5, 1 / 3, 2.0000001, -1.7, 365.25, 12.345678901]) {
      for (const iso of ['2011-01-10T00:00:00Z', '2011-01-10T06:30:00.123Z', '1999-12-31T23:59:59.999Z', '1960-03-01T00:00:00.001Z']) {
        expect(addDaysMs(iso, days)).toBe(new Date(toMs(iso) + days * DAY_MS).getTime());
      }
    }
  });
});
