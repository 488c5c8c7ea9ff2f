import { loansFor, runCase, unmetFor } from './case-runner';

const UNOCI = 'civ-2011/infantry-company';

describe('v3 consents: bundles, renewals instead of lateness, objections, real strength', () => {
  it('proposes a loan whose Council authorization ends inside the window, with renewal and coverageIfRenewed', async () => {
    const { last, rejected } = await runCase('v3-short-authorization.jsonl');
    expect(rejected).toEqual([]);
    const [loan] = loansFor(last, UNOCI);
    // Arrival 2010-12-10 (notice 7 d + transit 2 d); the authorization ends 2011-01-05: there 21 of
    // the window's 121 days (15 Dec to 15 Apr) = 0.1736, under minCoverage 0.25, which v2 called
    // too-late. Renewed, it stays to the window's end: coverage 1.
    expect(loan).toMatchObject({ quantity: 2, arriveBy: '2010-12-10T00:00:00.000Z', returnBy: '2011-01-05T00:00:00.000Z', coverage: 0.1736, renewal: ['council:UNSC'], coverageIfRenewed: 1 });
    expect(last.unmet).toEqual([]);
  });

  it('names both consents a contributor\'s companies lack, as one bundle', async () => {
    const { last } = await runCase('v3-consent-bundle.jsonl');
    // 6 needed; UNMIL holds 8 companies, floor 4: the 4 PAK go. NGA's lack their contributor
    // consent and the Council's (which covers PAK units only): both named, not only the first.
    expect(loansFor(last, UNOCI).map((l) => [l.contributor, l.quantity])).toEqual([['PAK', 4]]);
    expect(unmetFor(last, UNOCI)).toEqual({
      demandId: UNOCI,
      missionId: 'UNOCI',
      capability: 'infantry-company',
      shortfall: 2,
      reasons: [
        {
          missionId: 'UNMIL',
          reason: 'consent-missing',
          detail: 'no contributor NGA consent on record for UNMIL to UNOCI; no council UNSC consent on record for UNMIL to UNOCI',
          consents: ['contributor:NGA', 'council:UNSC'],
        },
        { missionId: 'UNMIL', reason: 'reserve-floor', detail: 'held 8, available 8, already proposed 4, floor 4' },
      ],
    });
  });

  it('lets a host state object to one contributor: the others are lent, and the reason names the objection', async () => {
    const { proposals } = await runCase('v3-objection.jsonl');
    const [before, after] = proposals;
    expect(loansFor(before, UNOCI).map((l) => [l.contributor, l.quantity])).toEqual([['PAK', 4]]);
    // The objection names PAK: it outranks civ-host (any mission, granted) for PAK units only.
    expect(loansFor(after, UNOCI).map((l) => [l.contributor, l.quantity])).toEqual([['NGA', 4]]);
    expect(unmetFor(after, UNOCI)?.reasons).toContainEqual({ missionId: 'UNMIL', reason: 'consent-refused', detail: 'host-state CIV refused (civ-objects-pak), for PAK units', consents: ['host-state:CIV'] });
  });

  it('bases the share on loan on the mission\'s uniformed strength when its record gives it', async () => {
    const { proposals } = await runCase('v3-uniformed-strength.jsonl');
    const [helicoptersOnly, withStrength] = proposals;
    const lent = (p: typeof helicoptersOnly) => p.loans.reduce((n, l) => n + l.quantity, 0);
    // Only 6 helicopters on file, 20 crew each: 25% of 120 = 30 people, one helicopter.
    expect(lent(helicoptersOnly)).toBe(1);
    expect(unmetFor(helicoptersOnly, 'civ-2011/utility-helicopter')?.reasons).toEqual([{ missionId: 'UNMIL', reason: 'share-on-loan', detail: '25% of 120 uniformed personnel, 0 already on loan' }]);
    // 7,952 uniformed on UNMIL's record: 25% is 1,988 people; the floor (3 of 6) is the limit.
    expect(lent(withStrength)).toBe(3);
    expect(unmetFor(withStrength, 'civ-2011/utility-helicopter')?.reasons).toEqual([{ missionId: 'UNMIL', reason: 'reserve-floor', detail: 'held 6, available 6, already proposed 3, floor 3' }]);
  });
});
