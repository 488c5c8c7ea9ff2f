import type { ConsentResolution } from './consent.rule';
import { consentTerm, consentWords, extensionVerdict, naturalEnd, renewedReturnBy } from './loan-term.rule';

const policy = { demobilizationDays: 14, maxLoanDays: 180 };
const granted = (kind: 'contributor' | 'host-state' | 'council', party: string, validUntil?: string, reference?: string): ConsentResolution => ({
  kind,
  party,
  state: 'granted',
  delayDays: 0,
  record: { consentId: `${kind}-${party}`, kind, party, fromMission: '*', toMission: '*', capabilities: ['*'], status: 'granted', version: 1, ...(validUntil ? { validUntil } : {}), ...(reference ? { reference } : {}) },
});

describe('naturalEnd', () => {
  it('is the window end + demobilization when that comes first', () => {
    // 1 March + 14 d = 15 March; 10 December + 180 d = 8 June.
    expect(naturalEnd('2010-12-10T00:00:00Z', '2011-03-01T00:00:00Z', policy)).toEqual({ until: '2011-03-15T00:00:00.000Z', why: 'window end 2011-03-01 + 14 d demobilization' });
  });

  it('is maxLoanDays from arrival when the window runs longer, or is unknown', () => {
    // 10 January + 180 d = 9 July (the v2 long-window case).
    expect(naturalEnd('2011-01-10T00:00:00Z', '2011-12-31T00:00:00Z', policy)).toEqual({ until: '2011-07-09T00:00:00.000Z', why: 'maxLoanDays 180 from arrival 2011-01-10' });
    expect(naturalEnd('2011-01-10T00:00:00Z', undefined, policy).until).toBe('2011-07-09T00:00:00.000Z');
  });
});

describe('consentTerm', () => {
  it('takes the earliest validUntil, every item ending there and their references', () => {
    const t = consentTerm([granted('contributor', 'PAK', '2011-02-01T00:00:00Z'), granted('host-state', 'CIV'), granted('council', 'UNSC', '2011-02-01T00:00:00Z', 'S/RES/1967 (2011)')]);
    expect(t).toEqual({ validity: { until: '2011-02-01T00:00:00.000Z', items: ['contributor:PAK', 'council:UNSC'], references: { 'council:UNSC': 'S/RES/1967 (2011)' } } });
  });

  it('names the first consent not granted, a pending one included', () => {
    const pending: ConsentResolution = { ...granted('contributor', 'PAK'), state: 'pending', delayDays: 5 };
    const expired: ConsentResolution = { ...granted('council', 'UNSC', '2011-01-15T00:00:00Z'), state: 'expired' };
    expect(consentTerm([granted('host-state', 'CIV')]).blocking).toBeUndefined();
    expect(consentTerm([granted('host-state', 'CIV'), expired]).blocking).toEqual({ item: 'council:UNSC', state: 'expired', validUntil: '2011-01-15T00:00:00.000Z' });
    expect(consentTerm([pending, expired]).blocking).toEqual({ item: 'contributor:PAK', state: 'pending' });
  });
});

describe('renewedReturnBy', () => {
  const natural = { until: '2011-03-15T00:00:00.000Z', why: 'window end 2011-03-01 + 14 d demobilization' };
  const capped = { returnBy: '2011-01-31T00:00:00.000Z', cappedBy: ['council:UNSC'] };

  it('moves a capped loan to the new validUntil, or the natural end if that comes first', () => {
    expect(renewedReturnBy(capped, natural, consentTerm([granted('council', 'UNSC', '2011-02-28T00:00:00Z')]))).toEqual({ returnBy: '2011-02-28T00:00:00.000Z', cappedBy: ['council:UNSC'] });
    expect(renewedReturnBy(capped, natural, consentTerm([granted('council', 'UNSC', '2011-04-30T00:00:00Z')]))).toEqual({ returnBy: '2011-03-15T00:00:00.000Z' });
    expect(renewedReturnBy(capped, natural, consentTerm([granted('council', 'UNSC')]))).toEqual({ returnBy: '2011-03-15T00:00:00.000Z' });
  });

  it('leaves a loan no consent capped, one not moved later, and one with a consent that does not hold', () => {
    expect(renewedReturnBy({ returnBy: capped.returnBy }, natural, consentTerm([granted('council', 'UNSC')]))).toBeUndefined();
    expect(renewedReturnBy(capped, natural, consentTerm([granted('council', 'UNSC', '2011-01-31T00:00:00Z')]))).toBeUndefined();
    const refused: ConsentResolution = { ...granted('contributor', 'PAK'), state: 'refused' };
    expect(renewedReturnBy(capped, natural, consentTerm([refused, granted('council', 'UNSC')]))).toBeUndefined();
  });
});

describe('extensionVerdict', () => {
  const natural = { until: '2011-03-15T00:00:00.000Z', why: 'window end 2011-03-01 + 14 d demobilization' };
  const loan = { loanId: 'loan-a', returnBy: '2011-02-15T00:00:00.000Z' };
  const term = consentTerm([granted('contributor', 'NPL', '2011-02-28T00:00:00Z'), granted('council', 'UNSC')]);

  it('accepts a later date within the consents; reaching a validUntil marks it as capped', () => {
    expect(extensionVerdict(loan, '2011-02-20T00:00:00Z', natural, term)).toEqual({ ok: true, returnBy: '2011-02-20T00:00:00.000Z' });
    expect(extensionVerdict(loan, '2011-02-28T00:00:00Z', natural, term)).toEqual({ ok: true, returnBy: '2011-02-28T00:00:00.000Z', cappedBy: ['contributor:NPL'] });
  });

  it('refuses past a validity, naming the consent; past the natural end; and not later', () => {
    expect(extensionVerdict(loan, '2011-03-01T00:00:00Z', natural, term)).toEqual({ ok: false, kind: 'consent', reason: "loan loan-a cannot return by 2011-03-01: the contributor NPL's consent (contributor:NPL) is valid until 2011-02-28; renew it to extend past that date" });
    expect(extensionVerdict(loan, '2011-03-16T00:00:00Z', natural, consentTerm([]))).toMatchObject({ ok: false, kind: 'limit' });
    expect(extensionVerdict(loan, '2011-02-15T00:00:00Z', natural, term)).toMatchObject({ ok: false, kind: 'not-later' });
  });

  it('refuses while a consent is withdrawn or expired, saying which', () => {
    const expired: ConsentResolution = { ...granted('council', 'UNSC', '2011-02-10T00:00:00Z', 'S/RES/1967 (2011)'), state: 'expired' };
    expect(extensionVerdict(loan, '2011-02-20T00:00:00Z', natural, consentTerm([expired]))).toEqual({
      ok: false,
      kind: 'consent',
      reason: "loan loan-a cannot be extended to 2011-02-20: the Security Council's authorization (council:UNSC, S/RES/1967 (2011)) is expired on 2011-02-10; renew it first",
    });
  });
});

describe('consentWords', () => {
  it('says each kind as a planner reads it', () => {
    expect(consentWords('host-state:CIV')).toBe("the host state CIV's consent (host-state:CIV)");
    expect(consentWords('council:UNSC', 'S/RES/1951 (2010)')).toBe("the Security Council's authorization (council:UNSC, S/RES/1951 (2010))");
  });
});
