import type { Proposal, Unit } from '@imc/contracts';
import type { ScenarioRun } from '@imc/domain';
import { haversineKm } from '@imc/domain/distance.rule';
import { companiesOf, ISO3, parseOverview, readGeoPko, Row, UNNAMED } from '../../../../../scripts/demo/geo-pko';
import { runCase, unmetFor } from './case-runner';

/**
 * The demo world `npm start` loads, against the Geo-PKO rows it is built from: the numbers below
 * are counted from data/geo-pko/ (rules in docs/demo-world.md), not copied from a run.
 */
const DATA = readGeoPko();
const YEAR = '2012';
const row = (mission: string, location: string): Row => {
  const r = DATA.contributors.find((x) => x.mission === mission && x.year === YEAR && x.location === location);
  if (!r) throw new Error(`no ${mission} ${location} in ${YEAR}`);
  return r;
};
const placeOf = (mission: string, location: string) => ({ lat: Number(row(mission, location).latitude), lon: Number(row(mission, location).longitude) });
const GOMA = placeOf('MONUSCO', 'Goma');
const BOR = placeOf('UNMISS', 'Bor');
const MISSIONS_WITH_BASES = ['UNMIL', 'UNOCI', 'MONUSCO', 'UNAMID', 'UNIFIL', 'UNDOF', 'UNMISS'];

describe('demo world, 2010 to 2012, on the real deployments', () => {
  let run: ScenarioRun & { last: Proposal };
  let units: readonly Unit[];
  const at = (u: Unit, mission: string, location: string) => u.missionId === mission && u.location?.name === location;

  beforeAll(async () => {
    run = await runCase('demo-2010-2012.jsonl');
    units = run.world.units();
  });

  it('puts each mission headquarters where Geo-PKO codes it (hq=3)', () => {
    for (const m of run.world.missions()) {
      const coded = DATA.locations.filter((r) => r.mission === m.missionId && r.hq === '3').sort((a, b) => Number(b.year) - Number(a.year));
      // UNAMID codes its headquarters (El Fasher) in 2010 only: the latest year that codes one.
      const hq = coded.find((r) => r.year === YEAR) ?? coded[0];
      expect([m.missionId, m.hq]).toEqual([m.missionId, { lat: Number(hq.latitude), lon: Number(hq.longitude) }]);
    }
    expect(run.world.mission('UNAMID')?.hq).toEqual({ lat: 13.6333333, lon: 25.35 });
  });

  it("reads `Pakistan (300)` at Bukavu as two Pakistani companies there, at Bukavu's coordinates", () => {
    const pakistan = parseOverview(row('MONUSCO', 'Bukavu')['year.overview']).find((c) => c.name === 'Pakistan');
    expect(pakistan?.size).toBe(300);
    const there = units.filter((u) => at(u, 'MONUSCO', 'Bukavu') && u.capability === 'infantry-company' && u.contributor === 'PAK');
    expect(there).toHaveLength(companiesOf(300));
    expect(there.map((u) => [u.location?.lat, u.location?.lon])).toEqual(there.map(() => [placeOf('MONUSCO', 'Bukavu').lat, placeOf('MONUSCO', 'Bukavu').lon]));
  });

  it('holds, at every base, one company per 150 troops of each contingent but the one that flies, and one helicopter per aviation unit', () => {
    for (const mission of MISSIONS_WITH_BASES) {
      for (const r of DATA.contributors.filter((x) => x.mission === mission && x.year === YEAR)) {
        const here = units.filter((u) => at(u, mission, r.location) && u.location?.lat === Number(r.latitude));
        const av = Number(DATA.unitTypes.find((x) => x.mission === mission && x.year === YEAR && x.location === r.location)?.av ?? 0);
        const helicopters = here.filter((u) => u.capability === 'utility-helicopter');
        expect([mission, r.location, helicopters.length]).toEqual([mission, r.location, av]);
        const fliers = new Set(helicopters.map((u) => u.contributor));
        expect(fliers.size).toBeLessThanOrEqual(1);
        const expected = new Map<string, number>();
        for (const c of parseOverview(r['year.overview'])) {
          // A contingent of unknown size is sized from NoTroops (geo-pko.spec.ts); in 2012 that leaves none a company.
          if (c.size === null || c.name === UNNAMED || fliers.has(ISO3[c.name])) continue;
          if (companiesOf(c.size) > 0) expected.set(ISO3[c.name], companiesOf(c.size));
        }
        const companies = new Map<string, number>();
        for (const u of here.filter((x) => x.capability === 'infantry-company')) companies.set(u.contributor, (companies.get(u.contributor) ?? 0) + 1);
        expect([mission, r.location, Object.fromEntries(companies)]).toEqual([mission, r.location, Object.fromEntries(expected)]);
      }
    }
  });

  it('bases every unit at a place of its mission in the data: a base, or for the units the data does not code, the headquarters', () => {
    for (const u of units) {
      const base = DATA.contributors.find((r) => r.mission === u.missionId && r.year === YEAR && r.location === u.location?.name);
      const hq = run.world.mission(u.missionId)?.hq;
      const where = base ? { lat: Number(base.latitude), lon: Number(base.longitude) } : hq;
      expect([u.unitId, { lat: u.location?.lat, lon: u.location?.lon }]).toEqual([u.unitId, where]);
      if (!base) expect(['formed-police-unit', 'military-observer-team']).toContain(u.capability);
    }
  });

  it('replays cleanly: every decision finds its proposal, every return and extension its loan', () => {
    expect(run.rejected).toEqual([]);
    expect(run.notes).toEqual([]);
    expect(new Set(run.world.loans().map((l) => `${l.fromMission}>${l.toMission}`))).toEqual(
      new Set(['UNMIL>UNOCI', 'UNOCI>UNMIL', 'MONUSCO>UNMISS', 'UNIFIL>UNSMIS', 'UNDOF>UNSMIS', 'UNAMID>UNSMIS']),
    );
  });

  it('measures Jonglei at Bor: the helicopters go from the Ukrainian bases nearest to it', () => {
    const jonglei = run.world.loans().filter((l) => l.demandId === 'jonglei-2012/utility-helicopter');
    const ukrainian = units.filter((u) => u.missionId === 'MONUSCO' && u.capability === 'utility-helicopter' && u.contributor === 'UKR');
    const nearest = [...ukrainian].sort((a, b) => haversineKm(a.location!, BOR) - haversineKm(b.location!, BOR)).slice(0, 4);
    expect(jonglei.flatMap((l) => l.unitIds).sort()).toEqual(nearest.map((u) => u.unitId).sort());
  });

  it('brings every loan home as it happened: UNSMIS drew down on 20 July 2012 and its observers went home when it closed on 19 August', () => {
    const loans = run.world.contractLoans();
    expect(loans.filter((l) => l.status !== 'returned')).toEqual([]);
    const unsmis = run.world.loans().filter((l) => l.toMission === 'UNSMIS');
    expect(unsmis.map((l) => [l.fromMission, l.returnBy, l.returnedAt])).toEqual(
      unsmis.map((l) => [l.fromMission, '2012-08-19T00:00:00.000Z', '2012-08-19T00:00:00.000Z']),
    );
    // The twelve observer teams of case 7's start-up, all of them home.
    expect(unsmis.reduce((n, l) => n + l.quantity, 0)).toBe(12);
    expect(run.world.mission('UNSMIS')?.status).toBe('drawdown');
    expect(run.last.recalls).toEqual([]);
  });

  it("ends on MONUSCO's request at Goma: the Bangladeshi companies of UNMISS nearest to Goma, and its police unit waiting on Bangladesh", () => {
    const { last } = run;
    expect(last.asOf.startsWith('2012-11-26')).toBe(true);
    const companies = last.loans.filter((l) => l.demandId === 'goma-2012/infantry-company');
    const candidates = units.filter((u) => u.missionId === 'UNMISS' && u.capability === 'infantry-company' && u.contributor === 'BGD');
    const km = (u: Unit) => Math.round(haversineKm(u.location!, GOMA));
    const nearest = [...candidates].sort((a, b) => km(a) - km(b)).slice(0, 4);
    expect(companies.flatMap((l) => l.unitIds).sort()).toEqual(nearest.map((u) => u.unitId).sort());
    // Measured from each unit's base to Goma, as the data places them.
    for (const l of companies) expect([l.loanId, l.distanceKm]).toEqual([l.loanId, km(units.find((u) => u.unitId === l.unitIds[0])!)]);
    const police = last.loans.filter((l) => l.demandId === 'goma-2012/formed-police-unit');
    expect(police.map((l) => [l.fromMission, l.contributor, l.quantity, l.pending])).toEqual([['UNMISS', 'BGD', 1, ['contributor:BGD']]]);
    expect(last.unmet.map((u) => u.demandId).sort()).toEqual(['kivu-2012/utility-helicopter', 'unmiss-helicopters-2012']);
  });

  it('leaves UNMISS short of helicopters: the Ukrainian ones stay home in the Kivu crisis, the others lack their contributor\'s consent', () => {
    const reasons = unmetFor(run.last, 'unmiss-helicopters-2012')?.reasons.filter((r) => r.missionId === 'MONUSCO') ?? [];
    const others = [...new Set(units.filter((u) => u.missionId === 'MONUSCO' && u.capability === 'utility-helicopter' && u.contributor !== 'UKR').map((u) => u.contributor))].sort();
    expect(reasons.filter((r) => r.reason === 'consent-missing').map((r) => r.consents)).toEqual(others.map((c) => [`contributor:${c}`]));
    const inCrisis = reasons.filter((r) => r.reason === 'donor-in-crisis');
    expect(inCrisis.length).toBeGreaterThan(0);
    for (const r of inCrisis) expect(r.detail).toMatch(/^MONUSCO is in crisis from 2012-11-20 \(kivu-2012, security\), during the loan \(2012-12-\d\d to 2013-03-14\), and keeps its utility-helicopter units$/);
  });
});
