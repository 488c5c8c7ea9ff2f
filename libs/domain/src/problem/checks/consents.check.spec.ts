import { consentEv } from '../../testing/event.fixtures';
import type { ConsentRecord } from '../../consent.rule';
import { consents } from './consents.check';
import { granted, group, pairContext } from './check.fixture';

const record = (consentId: string, validUntil?: string): ConsentRecord => ({ ...(consentEv('2010-01-01T00:00:00Z', { consentId, kind: 'council', party: 'UNSC' }).data as ConsentRecord), validUntil });

describe('check: consents', () => {
  const withCouncil = (state: 'refused' | 'withdrawn' | 'expired' | 'missing' | 'pending', r?: ConsentRecord) =>
    pairContext({ consents: { contributor: granted('contributor', 'PAK'), hostState: granted('host-state', 'CIV'), council: { kind: 'council', party: 'UNSC', state, delayDays: 10, record: r } } });

  it('names the consent that rules the loan out', () => {
    expect(consents.check(withCouncil('refused', record('unsc')))).toEqual({ reason: 'consent-refused', detail: 'council UNSC refused (unsc)', consents: ['council:UNSC'] });
    expect(consents.check(withCouncil('withdrawn', record('unsc')))).toEqual({ reason: 'consent-refused', detail: 'council UNSC withdrew consent (unsc)', consents: ['council:UNSC'] });
    expect(consents.check(withCouncil('expired', record('unsc', '2010-11-01T00:00:00Z')))).toEqual({ reason: 'consent-expired', detail: 'council UNSC consent expired 2010-11-01 (unsc)', consents: ['council:UNSC'] });
    expect(consents.check(withCouncil('missing'))).toEqual({ reason: 'consent-missing', detail: 'no council UNSC consent on record for UNMIL to UNOCI', consents: ['council:UNSC'] });
  });

  it('names every consent the pair lacks, as one bundle (v3)', () => {
    const both = pairContext({
      consents: {
        contributor: { kind: 'contributor', party: 'PAK', state: 'missing', delayDays: 0 },
        hostState: granted('host-state', 'CIV'),
        council: { kind: 'council', party: 'UNSC', state: 'refused', delayDays: 0, record: record('unsc') },
      },
    });
    expect(consents.check(both)).toEqual({
      reason: 'consent-missing',
      detail: 'no contributor PAK consent on record for UNMIL to UNOCI; council UNSC refused (unsc)',
      consents: ['contributor:PAK', 'council:UNSC'],
    });
  });

  it('says when a refusal is an objection to some contributors (v3)', () => {
    const objection = { ...record('civ-objects'), kind: 'host-state' as const, party: 'CIV', status: 'refused' as const, contributors: ['PAK'] };
    const c = pairContext({ consents: { contributor: granted('contributor', 'PAK'), hostState: { kind: 'host-state', party: 'CIV', state: 'refused', delayDays: 0, record: objection } } });
    expect(consents.check(c)).toEqual({ reason: 'consent-refused', detail: 'host-state CIV refused (civ-objects), for PAK units', consents: ['host-state:CIV'] });
  });

  it('lets a pending consent through: timeliness judges the delay', () => {
    expect(consents.check(withCouncil('pending', record('unsc')))).toBeUndefined();
  });

  it('wants the inter-mission clause of a commercial contract', () => {
    const heli = { ...group, capability: 'utility-helicopter' as const, commercial: true };
    expect(consents.check(pairContext({ group: heli, consents: { clause: false, hostState: granted('host-state', 'CIV') } }))).toEqual({
      reason: 'consent-missing',
      detail: 'commercial utility-helicopter contract has no inter-mission clause',
    });
    expect(consents.check(pairContext({ group: heli, consents: { clause: true, hostState: granted('host-state', 'CIV') } }))).toBeUndefined();
  });
});
