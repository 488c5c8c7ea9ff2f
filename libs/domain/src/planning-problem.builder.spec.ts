import type { CloudEvent } from '@imc/contracts';
import { buildPlanningProblem } from './planning-problem.builder';
import { consentEv, crisisEv, ev, missionEv, proposalWith, proposedLoan, twoMissionWorld, unitEv } from './testing/event.fixtures';
import { World } from './world.state';

const T0 = '2010-12-01T00:00:00Z';
const DEMAND = 'c1/infantry-company';
const crisis = crisisEv(T0, 'declared', { crisisId: 'c1', missionId: 'UNOCI', severity: 4 });

function build(extra: CloudEvent[] = [], base: CloudEvent[] = twoMissionWorld()) {
  const w = World.empty();
  for (const e of [...base, crisis, ...extra]) {
    const r = w.apply(e);
    if (r.status !== 'applied') throw new Error(`${e.type}: ${JSON.stringify(r)}`);
  }
  return { w, p: buildPlanningProblem(w) };
}

describe('buildPlanningProblem: groups, demands, pairs', () => {
  it('groups fungible units with a deterministic id, leaving out units not available', () => {
    const { p } = build([unitEv(T0, { unitId: 'UNMIL-inf-07', missionId: 'UNMIL', status: 'maintenance' })]);
    expect(p.groups).toEqual([
      expect.objectContaining({
        groupId: 'UNMIL/infantry-company/PAK/n7/p150/a0/available',
        missionId: 'UNMIL',
        unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02', 'UNMIL-inf-03', 'UNMIL-inf-04', 'UNMIL-inf-05', 'UNMIL-inf-06'],
      }),
    ]);
    expect(p.posture).toContainEqual({ missionId: 'UNMIL', capability: 'infantry-company', held: 7, available: 6, onLoanOut: 0, floor: 4 });
  });

  it('opens one slot per demand with its weight and a dated, costed pair', () => {
    const { p } = build();
    expect(p.asOf).toBe('2010-12-01T00:00:00.000Z');
    expect(p.demands).toEqual([{ demandId: DEMAND, missionId: 'UNOCI', capability: 'infantry-company', quantity: 2, weight: 20, window: { start: '2011-01-01T00:00:00Z', end: '2011-03-01T00:00:00Z' } }]);
    expect(p.pairs).toHaveLength(1);
    const [pair] = p.pairs;
    expect(pair.coverage).toBe(1);
    expect(pair.loanTemplate).toMatchObject({
      fromMission: 'UNMIL',
      toMission: 'UNOCI',
      contributor: 'PAK',
      distanceKm: 760,
      leadTime: { noticeDays: 7, consentDays: 0, authorizationDays: 0, transitDays: 2 },
      arriveBy: '2010-12-10T00:00:00.000Z',
      returnBy: '2011-03-15T00:00:00.000Z',
      pending: [],
      criticalPath: 'notice',
    });
    // 40 $/km * 760 km + 15,000 $/day * 95 days
    expect(pair.loanTemplate.cost).toEqual({ transferPerUnit: 30400, sustainmentPerDayPerUnit: 15000, totalPerUnit: 30400 + 15000 * 95 });
    expect(pair.costPerUnit).toBe(pair.loanTemplate.cost.totalPerUnit);
  });

  it('builds floor, share and receiving rows for what can be lent', () => {
    const { p } = build();
    expect(p.floorRows).toEqual([expect.objectContaining({ rowId: 'floor:UNMIL:infantry-company', limit: 3, detail: 'available 6, floor 3', reason: 'reserve-floor' })]);
    // 25% of 4,000 uniformed personnel
    expect(p.shareRows).toEqual([expect.objectContaining({ rowId: 'share:UNMIL', limit: 1000, coefficients: { 'UNMIL/infantry-company/PAK/n7/p150/a0/available': 150 } })]);
    expect(p.receivingRows.map((r) => [r.rowId, r.limit, r.demandIds])).toEqual([
      ['receiving:UNOCI:personnel', 1000, [DEMAND]],
      ['receiving:UNOCI:aircraft', 10, [DEMAND]],
    ]);
    expect(p.weights).toEqual({ shortfall: 1000, cost: 1e-6, change: 20 });
  });

  it('names pending consents and the one on the critical path', () => {
    const { p } = build([
      consentEv(T0, { consentId: 'pak', kind: 'contributor', party: 'PAK', status: 'pending', expectedInDays: 20, version: 2 }),
      consentEv(T0, { consentId: 'unsc', kind: 'council', party: 'UNSC', status: 'pending', expectedInDays: 12, version: 2 }),
    ]);
    expect(p.pairs[0].loanTemplate).toMatchObject({
      pending: ['contributor:PAK', 'council:UNSC'],
      criticalPath: 'contributor:PAK',
      leadTime: { noticeDays: 7, consentDays: 20, authorizationDays: 12, transitDays: 2 },
      arriveBy: '2010-12-23T00:00:00.000Z',
    });
  });

  it('takes approved loans off the demand and out of supply', () => {
    const w = World.empty();
    for (const e of [...twoMissionWorld(), crisis]) w.apply(e);
    w.recordProposal(proposalWith([proposedLoan({ loanId: 'loan-a', demandId: DEMAND, unitIds: ['UNMIL-inf-01'] })]));
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', { decisionId: 'd', proposalId: 'global:1', loanIds: ['loan-a'], decision: 'approved', reviewer: 'x', version: 1 }));
    const p = buildPlanningProblem(w);
    expect(p.demands[0].quantity).toBe(1);
    expect(p.groups[0].unitIds).not.toContain('UNMIL-inf-01');
    expect(p.posture).toContainEqual(expect.objectContaining({ missionId: 'UNMIL', capability: 'infantry-company', held: 6, available: 5, onLoanOut: 1 }));
    expect(p.shareRows[0].limit).toBe(1000 - 150);
    expect(p.receivingRows[0].limit).toBe(1000 - 150);
  });

  it('maps the previous proposal onto groups for the change penalty', () => {
    const w = World.empty();
    for (const e of [...twoMissionWorld(), crisis]) w.apply(e);
    const previous = proposalWith([proposedLoan({ loanId: 'loan-a', demandId: DEMAND, unitIds: ['UNMIL-inf-01', 'UNMIL-inf-02'] })]);
    expect(buildPlanningProblem(w, { previous }).previous).toEqual({ [`UNMIL/infantry-company/PAK/n7/p150/a0/available|${DEMAND}`]: 2 });
  });

  it('plans only the demands of its region when scoped', () => {
    const { w } = build();
    expect(buildPlanningProblem(w, { scope: 'east-africa' }).demands).toEqual([]);
    expect(buildPlanningProblem(w, { scope: 'west-africa' }).demands).toHaveLength(1);
  });

  it('gives the same problem for the same world', () => {
    const { w, p } = build();
    expect(JSON.stringify(buildPlanningProblem(w.clone()))).toBe(JSON.stringify(p));
  });
});

describe('buildPlanningProblem: exclusions', () => {
  const only = (extra: CloudEvent[], base?: CloudEvent[]) => {
    const { p } = build(extra, base);
    return { p, ex: p.exclusions.filter((e) => e.demandId === DEMAND) };
  };

  it('too-late names the pending consent with the dates', () => {
    const { p, ex } = only([consentEv(T0, { consentId: 'pak', kind: 'contributor', party: 'PAK', status: 'pending', expectedInDays: 100, version: 2 })]);
    expect(p.pairs).toEqual([]);
    expect(ex).toEqual([
      { demandId: DEMAND, missionId: 'UNMIL', reason: 'too-late', detail: 'contributor PAK consent pending 100 d + transit 2 d: arrival 2011-03-13 after window end 2011-03-01', consents: ['contributor:PAK'] },
    ]);
  });

  it('too-late also covers an arrival inside the window below the minimum coverage', () => {
    const { ex } = only([consentEv(T0, { consentId: 'unsc', kind: 'council', party: 'UNSC', status: 'pending', expectedInDays: 75, version: 2 })]);
    expect(ex).toHaveLength(1);
    expect(ex[0].reason).toBe('too-late');
    expect(ex[0].detail).toBe('council UNSC authorization pending 75 d + transit 2 d: arrival 2011-02-16 covers 22% of window 2011-01-01..2011-03-01, min 25%');
  });

  it('refused, withdrawn, expired and missing consents exclude the pair', () => {
    expect(only([consentEv(T0, { consentId: 'pak', kind: 'contributor', party: 'PAK', status: 'refused', version: 2 })]).ex[0]).toMatchObject({ reason: 'consent-refused', detail: 'contributor PAK refused (pak)' });
    expect(only([consentEv(T0, { consentId: 'civ', kind: 'host-state', party: 'CIV', status: 'withdrawn', version: 2 })]).ex[0]).toMatchObject({ reason: 'consent-refused' });
    expect(only([consentEv(T0, { consentId: 'unsc', kind: 'council', party: 'UNSC', validUntil: '2010-11-01T00:00:00Z', version: 2 })]).ex[0]).toMatchObject({ reason: 'consent-expired', detail: 'council UNSC consent expired 2010-11-01 (unsc)' });
    const noCouncil = twoMissionWorld().filter((e) => (e.data as { consentId?: string }).consentId !== 'unsc');
    expect(only([], noCouncil).ex[0]).toMatchObject({ reason: 'consent-missing', detail: 'no council UNSC consent on record for UNMIL to UNOCI' });
  });

  it('a commercial unit needs its clause, not a contributor consent', () => {
    const heli = (id: string, clause: boolean) => unitEv(T0, { unitId: id, missionId: 'UNMIL', capability: 'utility-helicopter', contributor: 'COMMERCIAL', commercial: true, interMissionClause: clause, personnel: 10, aircraft: 1 });
    const demand = ev('imc.demand.raised', T0, { demandId: 'h', missionId: 'UNOCI', capability: 'utility-helicopter', quantity: 1, window: { start: '2011-01-01T00:00:00Z', end: '2011-02-01T00:00:00Z' }, priority: 5, version: 1 });
    const base = twoMissionWorld().filter((e) => (e.data as { consentId?: string }).consentId !== 'pak' && (e.data as { consentId?: string }).consentId !== 'unsc');
    const { p } = build([heli('h1', true), heli('h2', true), heli('h3', false), heli('h4', false), demand], base);
    expect(p.pairs.filter((x) => x.demandId === 'h').map((x) => x.groupId)).toEqual(['UNMIL/utility-helicopter/COMMERCIAL/n7/p10/a1/available/commercial+clause']);
    expect(p.exclusions.filter((e) => e.demandId === 'h')).toEqual([
      expect.objectContaining({ reason: 'consent-missing', detail: 'commercial utility-helicopter contract has no inter-mission clause' }),
    ]);
  });

  it('a far donor is out of range, a caution capability needs the demand to allow it', () => {
    const far = [missionEv(T0, { missionId: 'MINUSTAH', hq: { lat: 18.59, lon: -72.31 } }), unitEv(T0, { unitId: 'M-1', missionId: 'MINUSTAH' }), unitEv(T0, { unitId: 'M-2', missionId: 'MINUSTAH' })];
    expect(only(far).ex).toEqual([expect.objectContaining({ missionId: 'MINUSTAH', reason: 'out-of-range', detail: expect.stringMatching(/^distance \d+ km > reach 3000 km for infantry-company$/) })]);

    const eng = [unitEv(T0, { unitId: 'E-1', missionId: 'UNMIL', capability: 'engineering-unit' }), unitEv(T0, { unitId: 'E-2', missionId: 'UNMIL', capability: 'engineering-unit' })];
    const window = { start: '2011-01-01T00:00:00Z', end: '2011-03-01T00:00:00Z' };
    const raise = (allowCaution: boolean, version: number) => ev('imc.demand.raised', T0, { demandId: 'e', missionId: 'UNOCI', capability: 'engineering-unit', quantity: 1, window, priority: 5, allowCaution, version });
    expect(build([...eng, raise(false, 1)]).p.exclusions.filter((e) => e.demandId === 'e')).toEqual([expect.objectContaining({ reason: 'caution-capability' })]);
    expect(build([...eng, raise(true, 1)]).p.pairs.filter((x) => x.demandId === 'e')).toHaveLength(1);
  });

  it('a donor at its floor, or in crisis during the loan, lends nothing', () => {
    const fewer = twoMissionWorld().filter((e) => !/UNMIL-inf-0[2-6]/.test((e.data as { unitId?: string }).unitId ?? ''));
    expect(only([], fewer).ex).toEqual([expect.objectContaining({ missionId: 'UNMIL', reason: 'reserve-floor', detail: 'held 1, available 1, already proposed 0, floor 1' })]);
    const inCrisis = missionEv(T0, { missionId: 'UNMIL', hostState: 'LBR', hq: { lat: 6.32, lon: -10.81 }, status: 'crisis', version: 2 });
    expect(only([inCrisis]).ex).toEqual([expect.objectContaining({ reason: 'donor-in-crisis', detail: 'UNMIL is in crisis (its own record), during the loan (2010-12-10 to 2011-03-15), and keeps its infantry-company units' })]);
  });

  it('an election declared ahead keeps the donor home when its window overlaps the loan (v3)', () => {
    // The loan would be there 2010-12-10 to 2011-03-15 (notice 7 d + transit 2 d; window end + 14 d).
    const election = (start: string, end: string) => crisisEv(T0, 'declared', { crisisId: 'UNMIL-election', missionId: 'UNMIL', kind: 'election', window: { start, end }, requirements: [] });
    expect(only([election('2010-12-11T00:00:00Z', '2011-01-10T00:00:00Z')]).ex).toEqual([
      expect.objectContaining({ missionId: 'UNMIL', reason: 'donor-in-crisis', detail: 'UNMIL is in crisis from 2010-12-11 (UNMIL-election, election), during the loan (2010-12-10 to 2011-03-15), and keeps its infantry-company units' }),
    ]);
    // The same election after the units are back: not in crisis for this loan.
    const after = build([election('2011-03-15T00:00:00Z', '2011-04-10T00:00:00Z')]).p;
    expect(after.pairs.filter((x) => x.demandId === DEMAND)).toHaveLength(1);
  });

  it('a mission own demand no longer raises its floor; a loan overlapping it carries the moved gap (v3)', () => {
    // UNMIL's own need for 3 companies in February (priority 5, no crisis: weight 5), inside the loan's span.
    const own = ev('imc.demand.raised', T0, { demandId: 'UNMIL-feb', missionId: 'UNMIL', capability: 'infantry-company', quantity: 3, window: { start: '2011-02-01T00:00:00Z', end: '2011-03-01T00:00:00Z' }, priority: 5, version: 1 });
    const { p } = build([own]);
    expect(p.posture).toContainEqual(expect.objectContaining({ missionId: 'UNMIL', capability: 'infantry-company', floor: 3 }));
    const [pair] = p.pairs.filter((x) => x.demandId === DEMAND);
    expect(pair.lenderNeed).toEqual([{ demandId: 'UNMIL-feb', weight: 5, overlap: 1 }]);
    // A need after the loan returns (May) moves nothing.
    const may = ev('imc.demand.raised', T0, { demandId: 'UNMIL-may', missionId: 'UNMIL', capability: 'infantry-company', quantity: 3, window: { start: '2011-05-01T00:00:00Z', end: '2011-06-01T00:00:00Z' }, priority: 5, version: 1 });
    expect(build([may]).p.pairs.filter((x) => x.demandId === DEMAND)[0].lenderNeed).toBeUndefined();
  });

  it('committed units at home keep the floor; only available ones go (v3)', () => {
    // UNMIL: 6 available companies, plus 6 committed at home; floor 50% of 12 held = 6: all 6 available may go.
    const committed = [1, 2, 3, 4, 5, 6].map((n) => unitEv(T0, { unitId: `UNMIL-com-0${n}`, missionId: 'UNMIL', status: 'committed' }));
    const { p } = build(committed);
    expect(p.posture).toContainEqual({ missionId: 'UNMIL', capability: 'infantry-company', held: 12, available: 6, onLoanOut: 0, floor: 6 });
    expect(p.floorRows).toEqual([expect.objectContaining({ rowId: 'floor:UNMIL:infantry-company', limit: 6, detail: 'available 6, committed 6 at home, floor 6' })]);
    // The fixture's UNMIL police unit is committed too.
    expect(p.committedAtHome).toEqual({ 'UNMIL|formed-police-unit': 1, 'UNMIL|infantry-company': 6 });
  });

  it('a pairing a planner rejected is not offered again', () => {
    const w = World.empty();
    for (const e of [...twoMissionWorld(), crisis]) w.apply(e);
    w.recordProposal(proposalWith([proposedLoan({ loanId: 'loan-a', demandId: DEMAND, unitIds: ['UNMIL-inf-01'] })]));
    w.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', { decisionId: 'd', proposalId: 'global:1', loanIds: ['loan-a'], decision: 'rejected', reviewer: 'x', version: 1 }));
    const p = buildPlanningProblem(w);
    expect(p.pairs).toEqual([]);
    expect(p.exclusions).toEqual([expect.objectContaining({ reason: 'rejected-by-planner' })]);
  });

  it('share on loan and receiving capacity exclude a unit that cannot fit at all', () => {
    const tight = missionEv(T0, { missionId: 'UNOCI', hostState: 'CIV', hq: { lat: 5.36, lon: -4.01 }, receivingCapacity: { personnel: 100, aircraft: 0 }, version: 2 });
    expect(only([tight]).ex).toEqual([expect.objectContaining({ reason: 'receiving-capacity', detail: 'UNOCI cannot receive: 150 personnel > room for 100' })]);
    const bigUnits = twoMissionWorld().map((e) => (e.type === 'imc.unit.upserted' ? { ...e, data: { ...(e.data as object), personnel: 150 } } : e));
    const policy = ev('imc.policy.updated', T0, { version: 1, maxShareOnLoan: 0.03 });
    expect(only([policy], bigUnits).ex).toEqual([expect.objectContaining({ reason: 'share-on-loan' })]);
  });

  it('lists the nearest donors out of range and counts the rest', () => {
    const far = [1, 2, 3, 4, 5].flatMap((n) => [
      missionEv(T0, { missionId: `FAR${n}`, hq: { lat: 40 + n, lon: 60 } }),
      unitEv(T0, { unitId: `FAR${n}-1`, missionId: `FAR${n}` }),
    ]);
    const ex = build(far).p.exclusions.filter((e) => e.reason === 'out-of-range');
    expect(ex.map((e) => e.missionId)).toEqual(['*', 'FAR1', 'FAR2', 'FAR3']);
    expect(ex[0].detail).toMatch(/^2 more missions holding infantry-company are further away, from \d+ km \(reach 3000 km\)$/);
  });

  it('says when no other mission holds the capability', () => {
    const d = ev('imc.demand.raised', T0, { demandId: 'x', missionId: 'UNOCI', capability: 'field-hospital', quantity: 1, window: { start: '2011-01-01T00:00:00Z', end: '2011-02-01T00:00:00Z' }, priority: 5, version: 1 });
    const { p } = build([d]);
    expect(p.exclusions.filter((e) => e.demandId === 'x')).toEqual([{ demandId: 'x', missionId: '*', reason: 'no-units', detail: 'no mission other than UNOCI holds field-hospital' }]);
  });
});
