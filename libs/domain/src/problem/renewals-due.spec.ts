import type { ConsentResolution } from '../consent.rule';
import type { LoanRecord } from '../world.state';
import { renewalsDueOf } from './renewals-due';

const loan = (over: Partial<LoanRecord> = {}): LoanRecord => ({
  loanId: 'loan-a',
  demandId: 'c1/utility-helicopter',
  unitIds: ['h1', 'h2'],
  fromMission: 'UNMIL',
  toMission: 'UNOCI',
  capability: 'utility-helicopter',
  quantity: 2,
  approvedAt: '2010-12-02T00:00:00.000Z',
  arriveBy: '2010-12-10T00:00:00.000Z',
  returnBy: '2011-01-31T00:00:00.000Z',
  status: 'active',
  version: 2,
  contributor: 'UKR',
  personnel: 40,
  aircraft: 2,
  coverage: 0.5,
  decisionId: 'dec-1',
  commercial: false,
  interMissionClause: false,
  transitDays: 2,
  proposalId: 'global:1',
  reviewer: 'ops',
  ...over,
});
const council = (validUntil: string | undefined, state: ConsentResolution['state'] = 'granted'): ConsentResolution => ({
  kind: 'council',
  party: 'UNSC',
  state,
  delayDays: 0,
  record: { consentId: 'unsc', kind: 'council', party: 'UNSC', fromMission: '*', toMission: '*', capabilities: ['*'], status: 'granted', version: 1, reference: 'S/RES/1967 (2011)', ...(validUntil ? { validUntil } : {}) },
});
// Window end 1 March + 14 d.
const natural = { until: '2011-03-15T00:00:00.000Z', why: 'window end 2011-03-01 + 14 d demobilization' };
const run = (asOf: string, consents: ConsentResolution[], l = loan(), noticeDays = 21) =>
  renewalsDueOf({ asOf, noticeDays, loans: [l], terms: new Map([[l.loanId, { natural, consents }]]), inScope: () => true });

describe('renewalsDueOf', () => {
  it('lists a consent ending the loan early from noticeDays before its validUntil, with the days left', () => {
    // 31 January - 21 d = 10 January: not yet on the 9th, listed on the 10th with 21 days to go.
    expect(run('2011-01-09T00:00:00Z', [council('2011-01-31T00:00:00Z')])).toEqual([]);
    expect(run('2011-01-10T00:00:00Z', [council('2011-01-31T00:00:00Z')])).toEqual([
      {
        loanId: 'loan-a',
        item: 'council:UNSC',
        validUntil: '2011-01-31T00:00:00.000Z',
        returnBy: '2011-01-31T00:00:00.000Z',
        detail: 'council:UNSC (S/RES/1967 (2011)) valid until 2011-01-31 ends 2 utility-helicopter UNMIL->UNOCI before its natural end 2011-03-15 (window end 2011-03-01 + 14 d demobilization): renew within 21 d',
      },
    ]);
    // With a 30-day notice, already on the 1st (30 days ahead).
    expect(run('2011-01-01T00:00:00Z', [council('2011-01-31T00:00:00Z')], loan(), 30).map((r) => r.item)).toEqual(['council:UNSC']);
  });

  it('keeps it listed once expired while the loan is due back, until the natural end', () => {
    const due = loan({ status: 'due' });
    expect(run('2011-02-03T00:00:00Z', [council('2011-01-31T00:00:00Z', 'expired')], due)[0].detail).toMatch(/: expired 3 d ago, the loan is due back; renewed, its return date moves with it$/);
    expect(run('2011-03-15T00:00:00Z', [council('2011-01-31T00:00:00Z', 'expired')], due)).toEqual([]);
  });

  it('leaves out a validUntil at or after the natural end, one without a date, and loans not under way or out of scope', () => {
    expect(run('2011-03-01T00:00:00Z', [council('2011-03-15T00:00:00Z')])).toEqual([]);
    expect(run('2011-01-20T00:00:00Z', [council(undefined)])).toEqual([]);
    expect(run('2011-01-20T00:00:00Z', [council('2011-01-31T00:00:00Z')], loan({ returnedAt: '2011-01-15T00:00:00.000Z' }))).toEqual([]);
    expect(run('2011-01-20T00:00:00Z', [council('2011-01-31T00:00:00Z')], loan({ lapsedAt: '2011-01-15T00:00:00.000Z' }))).toEqual([]);
    expect(run('2011-01-20T00:00:00Z', [council('2011-01-31T00:00:00Z', 'withdrawn')])).toEqual([]);
    const l = loan();
    expect(renewalsDueOf({ asOf: '2011-01-20T00:00:00Z', noticeDays: 21, loans: [l], terms: new Map([[l.loanId, { natural, consents: [council('2011-01-31T00:00:00Z')] }]]), inScope: (m) => m === 'MONUSCO' })).toEqual([]);
  });
});
