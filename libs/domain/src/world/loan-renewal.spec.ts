import type { CloudEvent } from '@imc/contracts';
import { consentEv, crisisEv, ev, proposalWith, proposedLoan, twoMissionWorld } from '../testing/event.fixtures';
import { World } from '../world.state';

/**
 * (v3) The loan's life after approval: renewals move a capped loan, extensions move a loan within
 * its consents. The world: UNMIL lends two companies to UNOCI for crisis c1 (window 1 January to
 * 1 March 2011), arriving 10 December 2010. Natural end: window end + 14 d demobilization =
 * 15 March 2011 (arrival + 180 d would be 8 June 2011, later).
 */

const decision = { decisionId: 'dec-1', proposalId: 'global:1', loanIds: ['loan-a'], decision: 'approved', reviewer: 'ops', version: 1 };
const unsc = (time: string, version: number, over: object = {}) => consentEv(time, { consentId: 'unsc', kind: 'council', party: 'UNSC', reference: 'S/RES/1967 (2011)', version, ...over });
const tick = (time: string) => ev('imc.clock.ticked', time, {});
const extend = (time: string, returnBy: string, loanId = 'loan-a') => ev('imc.loan.extended', time, { loanId, returnBy, extendedAt: time, reason: 'the Council renewed' });

/** The loan approved on 2 December; the Council's authorization valid until `validUntil` (none: open-ended). */
function approved(returnBy: string, validUntil?: string): World {
  const w = World.empty();
  const events: CloudEvent[] = [
    ...twoMissionWorld(),
    crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' }),
    unsc('2010-12-01T00:00:00Z', 2, validUntil ? { validUntil } : {}),
  ];
  for (const e of events) expect(w.apply(e).status).toBe('applied');
  const consents = [{ item: 'council:UNSC', status: 'granted' as const, days: 0, ...(validUntil ? { validUntil: new Date(validUntil).toISOString() } : {}) }];
  w.recordProposal(proposalWith([proposedLoan({ loanId: 'loan-a', unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02'], returnBy, consents })]));
  expect(w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', decision)).status).toBe('applied');
  w.takeLoanUpdates();
  return w;
}

describe('(v3) renewals move a loan a consent capped', () => {
  it('remembers at approval what capped the loan and the demand window end', () => {
    const w = approved('2011-01-31T00:00:00.000Z', '2011-01-31T00:00:00Z');
    expect(w.loan('loan-a')).toMatchObject({ cappedBy: ['council:UNSC'], windowEnd: '2011-03-01T00:00:00.000Z', returnBy: '2011-01-31T00:00:00.000Z' });
    // Not capped: its returnBy is its natural end, not the validUntil.
    expect(approved('2011-03-15T00:00:00.000Z', '2011-06-01T00:00:00Z').loan('loan-a')).not.toHaveProperty('cappedBy');
  });

  it('moves returnBy with each renewal, up to the natural end, and publishes the new date', () => {
    const w = approved('2011-01-31T00:00:00.000Z', '2011-01-31T00:00:00Z');
    const version = w.loan('loan-a')?.version ?? 0;
    // Renewed on 20 January to 28 February: the loan is capped there now.
    w.apply(unsc('2011-01-20T00:00:00Z', 3, { validUntil: '2011-02-28T00:00:00Z' }));
    expect(w.takeLoanUpdates().map((l) => [l.returnBy, l.status, l.version])).toEqual([['2011-02-28T00:00:00.000Z', 'active', version + 1]]);
    expect(w.loan('loan-a')?.cappedBy).toEqual(['council:UNSC']);
    // A new version ending earlier (20 February) never pulls the loan back: ending it is the lapse rule's business.
    w.apply(unsc('2011-01-25T00:00:00Z', 4, { validUntil: '2011-02-20T00:00:00Z' }));
    expect(w.takeLoanUpdates()).toEqual([]);
    expect(w.loan('loan-a')?.returnBy).toBe('2011-02-28T00:00:00.000Z');
    // Renewed without an end: the natural end, 1 March + 14 d = 15 March; no consent caps it any more.
    w.apply(unsc('2011-02-10T00:00:00Z', 5));
    expect(w.takeLoanUpdates().map((l) => [l.returnBy, l.version])).toEqual([['2011-03-15T00:00:00.000Z', version + 2]]);
    expect(w.loan('loan-a')).not.toHaveProperty('cappedBy');
    // Once no consent caps it, a later validUntil moves nothing: only an extension would.
    w.apply(unsc('2011-02-12T00:00:00Z', 6, { validUntil: '2011-06-01T00:00:00Z' }));
    expect(w.takeLoanUpdates()).toEqual([]);
  });

  it('moves a loan already due once renewed late, and stops at the natural end', () => {
    const w = approved('2011-01-31T00:00:00.000Z', '2011-01-31T00:00:00Z');
    w.apply(tick('2011-02-05T00:00:00Z'));
    expect(w.takeLoanUpdates().map((l) => l.status)).toEqual(['due']);
    // Valid until 30 April: the natural end (15 March) comes first.
    w.apply(unsc('2011-02-06T00:00:00Z', 3, { validUntil: '2011-04-30T00:00:00Z' }));
    expect(w.takeLoanUpdates().map((l) => [l.returnBy, l.status])).toEqual([['2011-03-15T00:00:00.000Z', 'active']]);
    // And so it is not overdue ten days later.
    w.apply(tick('2011-02-16T00:00:00Z'));
    expect(w.loan('loan-a')?.status).toBe('active');
  });

  it('does not move for a pending renewal, a loan no consent capped, or one returned', () => {
    const pending = approved('2011-01-31T00:00:00.000Z', '2011-01-31T00:00:00Z');
    pending.apply(unsc('2011-01-20T00:00:00Z', 3, { status: 'pending', expectedInDays: 10 }));
    expect(pending.loan('loan-a')?.returnBy).toBe('2011-01-31T00:00:00.000Z');

    const natural = approved('2011-02-20T00:00:00.000Z', '2011-06-01T00:00:00Z');
    natural.apply(unsc('2011-01-20T00:00:00Z', 3));
    expect(natural.loan('loan-a')?.returnBy).toBe('2011-02-20T00:00:00.000Z');

    const returned = approved('2011-01-31T00:00:00.000Z', '2011-01-31T00:00:00Z');
    returned.apply(ev('imc.loan.returned', '2011-01-25T00:00:00Z', { loanId: 'loan-a', returnedAt: '2011-01-25T00:00:00Z' }));
    returned.apply(unsc('2011-01-26T00:00:00Z', 3, { validUntil: '2011-02-28T00:00:00Z' }));
    expect(returned.loan('loan-a')?.returnBy).toBe('2011-01-31T00:00:00.000Z');
  });
});

describe('(v3) imc.loan.extended', () => {
  it('moves returnBy later within the consents, stamped with the event time and reason', () => {
    // Back by 15 February; the Council's authorization runs to 28 February.
    const w = approved('2011-02-15T00:00:00.000Z', '2011-02-28T00:00:00Z');
    const version = w.loan('loan-a')?.version ?? 0;
    expect(w.apply(extend('2011-01-10T00:00:00Z', '2011-02-25T00:00:00Z'))).toEqual({ status: 'applied', notes: [] });
    expect(w.loan('loan-a')).toMatchObject({ returnBy: '2011-02-25T00:00:00.000Z', extendedAt: '2011-01-10T00:00:00.000Z', extensionReason: 'the Council renewed' });
    // Published with a higher version (the move, then arrival's 'active' bump each raise it).
    const [update] = w.takeLoanUpdates();
    expect(update).toMatchObject({ returnBy: '2011-02-25T00:00:00.000Z', status: 'active' });
    expect(update.version).toBeGreaterThan(version);
    // Up to the validUntil exactly: capped by it, so a renewal moves it on.
    w.apply(extend('2011-01-11T00:00:00Z', '2011-02-28T00:00:00Z'));
    expect(w.loan('loan-a')?.cappedBy).toEqual(['council:UNSC']);
    w.apply(unsc('2011-02-01T00:00:00Z', 3));
    expect(w.loan('loan-a')?.returnBy).toBe('2011-03-15T00:00:00.000Z');
  });

  it('refuses past a consent\'s validity, naming the consent to renew in words', () => {
    const w = approved('2011-02-15T00:00:00.000Z', '2011-02-28T00:00:00Z');
    expect(w.apply(extend('2011-01-10T00:00:00Z', '2011-03-05T00:00:00Z'))).toEqual({
      status: 'rejected',
      reason: "loan loan-a cannot return by 2011-03-05: the Security Council's authorization (council:UNSC, S/RES/1967 (2011)) is valid until 2011-02-28; renew it to extend past that date",
    });
    expect(w.loan('loan-a')?.returnBy).toBe('2011-02-15T00:00:00.000Z');
  });

  it('refuses past the natural end, an earlier date, and a loan not under way', () => {
    const w = approved('2011-02-15T00:00:00.000Z');
    expect(w.apply(extend('2011-01-10T00:00:00Z', '2011-03-20T00:00:00Z'))).toEqual({
      status: 'rejected',
      reason: 'loan loan-a cannot return by 2011-03-20: it must be back by 2011-03-15 (window end 2011-03-01 + 14 d demobilization)',
    });
    expect(w.apply(extend('2011-01-10T00:00:00Z', '2011-02-01T00:00:00Z'))).toEqual({
      status: 'rejected',
      reason: 'loan loan-a already returns by 2011-02-15; an extension moves its return date later than that',
    });
    expect(w.apply(extend('2011-01-10T00:00:00Z', '2011-03-15T00:00:00Z')).status).toBe('applied');
    w.apply(ev('imc.loan.recalled', '2011-01-12T00:00:00Z', { loanId: 'loan-a', recalledAt: '2011-01-12T00:00:00Z', reason: 'needed at home' }));
    expect(w.apply(extend('2011-01-13T00:00:00Z', '2011-03-16T00:00:00Z'))).toEqual({ status: 'rejected', reason: 'loan loan-a is not under way: it was recalled on 2011-01-12' });
    expect(w.apply(extend('2011-01-13T00:00:00Z', '2011-03-16T00:00:00Z', 'nope'))).toEqual({ status: 'rejected', reason: 'unknown loan nope' });
  });

  it('refuses while a consent is withdrawn, and checks at the world\'s time', () => {
    const w = approved('2011-02-15T00:00:00.000Z');
    w.apply(consentEv('2011-01-05T00:00:00Z', { consentId: 'pak', kind: 'contributor', party: 'PAK', status: 'withdrawn', version: 2 }));
    expect(w.loan('loan-a')?.status).toBe('consent-lapsed');
    expect(w.extensionCheck('loan-a', '2011-03-01T00:00:00Z')).toEqual({
      ok: false,
      kind: 'not-under-way',
      reason: 'loan loan-a is not under way: it lapsed on 2011-01-05 (contributor PAK withdrew consent (pak)); a new approval is needed',
    });
  });
});
