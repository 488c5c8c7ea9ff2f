import { loansFor, runCase } from './case-runner';

describe('v2 coverage: only the days the loan is there', () => {
  it('covers a 10 January to 31 December window about half with a 180-day loan', async () => {
    const { last, rejected } = await runCase('v2-coverage-long-window.jsonl');
    expect(rejected).toEqual([]);
    const [loan] = loansFor(last, 'civ-2011-year/infantry-company');
    expect(loan.arriveBy).toBe('2011-01-10T00:00:00.000Z');
    expect(loan.returnBy).toBe('2011-07-09T00:00:00.000Z');
    // 180 days of the window's 355.
    expect(loan.coverage).toBe(0.507);
    expect(loan.renewal).toBeUndefined();
  });
});
