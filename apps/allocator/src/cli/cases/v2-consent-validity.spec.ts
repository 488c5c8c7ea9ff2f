import { loansFor, runCase } from './case-runner';

describe('v2 consent validity: a loan is planned only until its consents run out', () => {
  it('caps returnBy and coverage at the Council authorization and names it for renewal', async () => {
    const { last, rejected } = await runCase('v2-consent-validity.jsonl');
    expect(rejected).toEqual([]);
    const [loan] = loansFor(last, 'civ-2011/infantry-company');
    expect(loan.arriveBy).toBe('2010-12-10T00:00:00.000Z');
    // Without the cap: window end 31 March + 14 days. With it: 15 February.
    expect(loan.returnBy).toBe('2011-02-15T00:00:00.000Z');
    // There from 1 January (window start) to 15 February: 45 of the window's 89 days.
    expect(loan.coverage).toBe(0.5056);
    expect(loan.renewal).toEqual(['council:UNSC']);
    // v3: renewed, it would stay to the window's end (arriving before it opens): coverage 1.
    expect(loan.coverageIfRenewed).toBe(1);
    expect(loan.consents.find((c) => c.item === 'council:UNSC')).toEqual({ item: 'council:UNSC', status: 'granted', days: 0, validUntil: '2011-02-15T00:00:00.000Z', reference: 'S/RES/1951 (2010)' });
  });
});
