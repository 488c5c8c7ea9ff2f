import type { Capability } from '@imc/contracts';
import * as fc from 'fast-check';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { ConsentRecord, ConsentResolution, ConsentResolver, consentTrail, indexConsents, loanConsents, needsCouncil, PENDING_DEFAULT_DAYS, resolveConsent, validityLimit } from './consent.rule';

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
  it('with a memo, gives queries won by one record one resolution, equal to what each gets without it', () => {
    const wide = rec({ consentId: 'wide', status: 'pending', expectedInDays: 20, recordedAt: '2010-12-01T00:00:00Z' });
    const exact = rec({ consentId: 'exact', toMission: 'UNMISS', status: 'pending', expectedInDays: 12, recordedAt: '2010-12-01T00:00:00Z' });
    const memo = new Map<ConsentRecord, ConsentResolution>();
    const queries = [q, { ...q, fromMission: 'MONUSCO' }, { ...q, toMission: 'UNMISS' }, { ...q, party: 'BGD' }];
    const memoised = queries.map((query) => resolveConsent([wide, exact], query, memo));
    expect(memoised).toEqual(queries.map((query) => resolveConsent([wide, exact], query)));
    // The two won by the wildcard share it; the exact record's and the missing one are their own.
    expect(memoised[1]).toBe(memoised[0]);
    expect(memoised[2]).not.toBe(memoised[0]);
    expect(memoised.map((r) => [r.state, r.record?.consentId, r.delayDays])).toEqual([
      ['pending', 'wide', 11],
      ['pending', 'wide', 11],
      ['pending', 'exact', 3],
      ['missing', undefined, 0],
    ]);
    expect([...memo.keys()]).toEqual([wide, exact]);
  });

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
    expect(r).toMatchObject({ state: 'pending', delayDays: 31, expectedBy: '2011-01-10T00:00:00.000Z' });
    expect(r.overdue).toBeUndefined();
  });

  it('plans an overdue pending consent overdueConsentDays from asOf, never as 0 days', () => {
    // Recorded 1 Nov, expected 5 days later: by 10 Dec it is 34 days late.
    const late = resolveConsent([rec({ status: 'pending', expectedInDays: 5, recordedAt: '2010-11-01T00:00:00Z' })], q);
    expect(late).toMatchObject({ state: 'pending', overdue: true, delayDays: 14, expectedBy: '2010-11-06T00:00:00.000Z' });
    expect(resolveConsent([rec({ status: 'pending', expectedInDays: 5, recordedAt: '2010-11-01T00:00:00Z' })], { ...q, overdueDays: 30 }).delayDays).toBe(30);
    // Due exactly today is overdue too: "today" is not an answer.
    const dueToday = resolveConsent([rec({ status: 'pending', expectedInDays: 9, recordedAt: '2010-12-01T00:00:00Z' })], q);
    expect(dueToday).toMatchObject({ overdue: true, delayDays: 14 });
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

  it('asks nobody but the host state for a UN-owned unit', () => {
    const c = loanConsents([rec({ kind: 'host-state', party: 'CIV' })], { ...subject, capability: 'heavy-engineering-equipment', commercial: false, contributor: 'UN' }, asOf);
    expect(c.contributor).toBeUndefined();
    expect(c.council).toBeUndefined();
    expect(c.hostState).toMatchObject({ state: 'granted' });
    expect(consentTrail(c, { contributor: 'UN' })).toEqual([
      { item: 'contributor:UN', status: 'not-needed', days: 0 },
      { item: 'host-state:CIV', status: 'granted', days: 0 },
      { item: 'council:UNSC', status: 'not-needed', days: 0 },
    ]);
  });
});

describe('consentTrail and validityLimit', () => {
  const uniformed = { ...{ fromMission: 'UNMIL', toMission: 'UNOCI', capability: 'infantry-company' as Capability, hostState: 'CIV' }, contributor: 'PAK', commercial: false, interMissionClause: false };
  const records = [
    rec({ consentId: 'pak', status: 'pending', expectedInDays: 20, recordedAt: '2010-12-01T00:00:00Z' }),
    rec({ consentId: 'civ', kind: 'host-state', party: 'CIV', validUntil: '2011-06-30T00:00:00Z' }),
    rec({ consentId: 'unsc', kind: 'council', party: 'UNSC', validUntil: '2011-05-31T00:00:00Z', reference: 'S/RES/1951 (2010)' }),
  ];

  it('lists every consent relied on with its status, delay, dates and reference', () => {
    expect(consentTrail(loanConsents(records, uniformed, asOf), uniformed)).toEqual([
      { item: 'contributor:PAK', status: 'pending', days: 11, expectedBy: '2010-12-21T00:00:00.000Z' },
      { item: 'host-state:CIV', status: 'granted', days: 0, validUntil: '2011-06-30T00:00:00.000Z' },
      { item: 'council:UNSC', status: 'granted', days: 0, validUntil: '2011-05-31T00:00:00.000Z', reference: 'S/RES/1951 (2010)' },
    ]);
  });

  it('shows an overdue consent as overdue', () => {
    const late = loanConsents(records, uniformed, '2011-01-05T00:00:00Z');
    expect(consentTrail(late, uniformed)[0]).toEqual({ item: 'contributor:PAK', status: 'overdue', days: 14, expectedBy: '2010-12-21T00:00:00.000Z' });
  });

  it('finds the earliest validUntil, the consents that end first first', () => {
    expect(validityLimit(loanConsents(records, uniformed, asOf))).toEqual({ until: '2011-05-31T00:00:00.000Z', items: ['council:UNSC', 'host-state:CIV'] });
    expect(validityLimit(loanConsents([rec({})], uniformed, asOf))).toBeUndefined();
  });
});

describe('ConsentResolver', () => {
  const missions = ['UNMIL', 'UNOCI', 'MINUSMA', '*'];
  const parties = ['PAK', 'BGD', 'CIV', 'UNSC'];
  const kinds = ['contributor', 'host-state', 'council'] as const;
  const capabilities: Capability[] = ['infantry-company', 'utility-helicopter', 'formed-police-unit'];
  const record = fc.record({
    consentId: fc.constantFrom('a', 'b', 'c', 'd'),
    kind: fc.constantFrom(...kinds),
    party: fc.constantFrom(...parties),
    fromMission: fc.constantFrom(...missions),
    toMission: fc.constantFrom(...missions),
    capabilities: fc.oneof(fc.constant(['*']), fc.subarray([...capabilities, '*'], { minLength: 1 })),
    contributors: fc.option(fc.subarray(['PAK', 'BGD', 'UN'], { minLength: 1 }), { nil: undefined }),
    status: fc.constantFrom('granted', 'pending', 'refused', 'withdrawn'),
    version: fc.integer({ min: 1, max: 3 }),
    expectedInDays: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
    recordedAt: fc.constantFrom('2010-11-01T00:00:00Z', '2010-12-05T00:00:00Z', undefined),
    validUntil: fc.constantFrom('2010-12-01T00:00:00Z', '2011-06-30T00:00:00Z', undefined),
  });
  const subject = fc.record({
    fromMission: fc.constantFrom('UNMIL', 'UNOCI', 'MINUSMA'),
    toMission: fc.constantFrom('UNMIL', 'UNOCI', 'MINUSMA'),
    capability: fc.constantFrom(...capabilities, 'civilian-team' as Capability),
    contributor: fc.constantFrom('PAK', 'BGD', 'UN'),
    commercial: fc.boolean(),
    interMissionClause: fc.boolean(),
    hostState: fc.constantFrom('CIV', 'LBR'),
  });

  it('resolves every subject as loanConsents does, whatever the records name or leave as wildcards', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 12 }), fc.array(subject, { minLength: 1, maxLength: 12 }), (drawn, subjects) => {
        const records = drawn.map((r) => Object.fromEntries(Object.entries(r).filter(([, value]) => value !== undefined)) as unknown as ConsentRecord);
        const resolver = new ConsentResolver(indexConsents(records), asOf, 10);
        for (const s of subjects) expect(resolver.loanConsents(s)).toEqual(loanConsents(records, s, asOf, 10));
      }),
      fuzzParameters(400),
    );
  });

  it('works a party out once where its records are wildcards for every field', () => {
    const records = [rec({ consentId: 'pak' }), rec({ consentId: 'civ', kind: 'host-state', party: 'CIV' }), rec({ consentId: 'unsc', kind: 'council', party: 'UNSC' })];
    const resolver = new ConsentResolver(indexConsents(records), asOf);
    const one = resolver.loanConsents({ fromMission: 'UNMIL', toMission: 'UNOCI', capability: 'infantry-company', contributor: 'PAK', commercial: false, interMissionClause: false, hostState: 'CIV' });
    const other = resolver.loanConsents({ fromMission: 'MINUSMA', toMission: 'UNMISS', capability: 'utility-helicopter', contributor: 'PAK', commercial: false, interMissionClause: false, hostState: 'CIV' });
    expect(other.hostState).toBe(one.hostState);
    expect(other.council).toBe(one.council);
    expect(other.contributor).toBe(one.contributor);
  });

  it('tells subjects apart where a record names the field', () => {
    const records = [rec({ consentId: 'wide' }), rec({ consentId: 'refusal', toMission: 'UNMISS', status: 'refused' })];
    const resolver = new ConsentResolver(indexConsents(records), asOf);
    const base = { fromMission: 'UNMIL', capability: 'infantry-company' as Capability, contributor: 'PAK', commercial: false, interMissionClause: false, hostState: 'CIV' };
    expect(resolver.loanConsents({ ...base, toMission: 'UNOCI' }).contributor?.state).toBe('granted');
    expect(resolver.loanConsents({ ...base, toMission: 'UNMISS' }).contributor?.state).toBe('refused');
  });
});
