import { loansFor, runCase, unmetFor } from './case-runner';

describe('v2 overdue consents: planned overdueConsentDays from now, never as 0 days', () => {
  it('dates the loan 14 days from asOf and shows the consent overdue in its trail', async () => {
    const { last, rejected } = await runCase('v2-overdue-consent.jsonl');
    expect(rejected).toEqual([]);
    expect(last.asOf).toBe('2010-11-20T00:00:00.000Z');
    const [loan] = loansFor(last, 'abidjan-2010/infantry-company');
    // Expected by 11 November (recorded 1 November + 10 days); on the 20th it is overdue, so it
    // is planned 14 days ahead (not 0): 20 Nov + 14 + 2 days of transit = 6 December.
    expect(loan).toMatchObject({ arriveBy: '2010-12-06T00:00:00.000Z', pending: ['contributor:PAK'], criticalPath: 'contributor:PAK' });
    expect(loan.leadTime).toEqual({ noticeDays: 7, consentDays: 14, authorizationDays: 0, transitDays: 2 });
    expect(loan.consents).toEqual([
      { item: 'contributor:PAK', status: 'overdue', days: 14, expectedBy: '2010-11-11T00:00:00.000Z' },
      { item: 'host-state:CIV', status: 'granted', days: 0 },
      { item: 'council:UNSC', status: 'granted', days: 0, reference: 'S/RES/1951 (2010)' },
    ]);
  });

  it('names the overdue consent in the reason of a demand it makes too late', async () => {
    const { last } = await runCase('v2-overdue-consent.jsonl');
    expect(unmetFor(last, 'abidjan-escort')).toEqual({
      demandId: 'abidjan-escort',
      missionId: 'UNOCI',
      capability: 'infantry-company',
      shortfall: 1,
      reasons: [{ missionId: 'UNMIL', reason: 'too-late', detail: 'contributor PAK consent overdue since 2010-11-11, planned 14 d + transit 2 d: arrival 2010-12-06 after window end 2010-12-05', consents: ['contributor:PAK'] }],
    });
  });
});
