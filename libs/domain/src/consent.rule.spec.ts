import type { Capability } from '@imc/contracts';
import { ConsentRecord, loanConsents, needsCouncil, PENDING_DEFAULT_DAYS, resolveConsent } from './consent.rule';

const asOf = '2010-12-10T00:00:00Z';
const q = { kind: 'contributor' as const, party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capability: 'infantry-company' as Capability, asOf };

function rec(over: Partial<ConsentRecord>): ConsentRecord {
  return {
    consentId: 'c',
    kind: 'contributor',
    party: 'PAK',
    fromMission: '*',
    toMission: '*',
    capabilities: ['*'],
    status: 'granted',
    version: 1,
    ...over,
  };
}

describe('resolveConsent', () => {
  it('is missing without a matching record', () => {
    expect(resolveConsent([rec({ party: 'BGD' })], q).state).toBe('missing');
    expect(resolveConsent([rec({ toMission: 'UNMISS' })], q).state).toBe('missing');
    expect(resolveConsent([rec({ capabilities: ['utility-helicopter'] })], q).state).toBe('missing');
  });

  it('lets an exact mission beat a wildcard whatever the versions', () => {
    const wide = rec({ consentId: 'wide', status: 'granted', version: 9 });
    const exact = rec({ consentId: 'exact', fromMission: 'UNMIL', status: 'refused', version: 1 });
    expect(resolveConsent([wide, exact], q).state).toBe('refused');
  });

  it('lets an exact capability beat a wildcard', () => {
    const wide = rec({ consentId: 'wide', status: 'refused', version: 5 });
    const exact = rec({ consentId: 'exact', capabilities: ['infantry-company'], status: 'granted', version: 2 });
    expect(resolveConsent([wide, exact], q).state).toBe('granted');
  });

  it('takes the latest version among equally specific records, in any input order', () => {
    const a = rec({ consentId: 'a', fromMission: 'UNMIL', status: 'granted', version: 2 });
    const b = rec({ consentId: 'b', capabilities: ['infantry-company'], status: 'withdrawn', version: 3 });
    expect(resolveConsent([a, b], q).state).toBe('withdrawn');
    expect(resolveConsent([b, a], q).state).toBe('withdrawn');
  });

  it('expires a winner past its validUntil, but not one valid until later', () => {
    expect(resolveConsent([rec({ validUntil: '2010-12-09T00:00:00Z' })], q).state).toBe('expired');
    expect(resolveConsent([rec({ validUntil: '2010-12-11T00:00:00Z' })], q).state).toBe('granted');
  });

  it('counts a pending delay from the time the record was made', () => {
    const r = resolveConsent([rec({ status: 'pending', expectedInDays: 40, recordedAt: '2010-12-01T00:00:00Z' })], q);
    expect(r).toMatchObject({ state: 'pending', delayDays: 31 });
    const late = resolveConsent([rec({ status: 'pending', expectedInDays: 5, recordedAt: '2010-11-01T00:00:00Z' })], q);
    expect(late.delayDays).toBe(0);
  });

  it('assumes a default delay for a pending consent without an expected date', () => {
    expect(resolveConsent([rec({ status: 'pending' })], q).delayDays).toBe(PENDING_DEFAULT_DAYS);
  });
});

describe('loanConsents', () => {
  const subject = {
    fromMission: 'UNMIL',
    toMission: 'UNOCI',
    capability: 'utility-helicopter' as Capability,
    contributor: 'COMMERCIAL',
    commercial: true,
    interMissionClause: true,
    hostState: 'CIV',
  };

  it('asks a commercial unit for its clause instead of a contributor, and no council', () => {
    const c = loanConsents([], subject, asOf);
    expect(c.contributor).toBeUndefined();
    expect(c.clause).toBe(true);
    expect(c.council).toBeUndefined();
    expect(c.hostState).toMatchObject({ kind: 'host-state', party: 'CIV', state: 'missing' });
  });

  it('asks the Council for uniformed units but not for civilian teams', () => {
    expect(needsCouncil('infantry-company', false)).toBe(true);
    expect(needsCouncil('civilian-team', false)).toBe(false);
    const c = loanConsents([rec({ kind: 'council', party: 'UNSC', status: 'pending', expectedInDays: 10 })], { ...subject, commercial: false, contributor: 'UKR' }, asOf);
    expect(c.council).toMatchObject({ party: 'UNSC', state: 'pending', delayDays: 10 });
    expect(c.contributor).toMatchObject({ party: 'UKR', state: 'missing' });
  });
});
