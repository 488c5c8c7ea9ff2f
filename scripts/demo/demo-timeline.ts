import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Capability, Mission, Place } from '@imc/contracts';
import { planScenario } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import {
  approveAll,
  comment,
  consent,
  crisis,
  demand,
  event,
  extended,
  Line,
  MISSIONS,
  render,
  resetIds,
  returned,
  tick,
  units,
  UnitSpec,
} from '../../scenarios/scenario-kit';
import {
  case02Crisis,
  case03Consents,
  case04Consents,
  CIV_ELECTIONS,
  CIV_LEGISLATIVE,
  JONGLEI,
  KIVU,
  LBR_ELECTIONS,
  OBSERVERS,
  UNMISS_HELIS_2012,
  UNSMIS_START,
  unsmisConsents,
} from '../../scenarios/historical-cases';
import { basesOf, GeoPko, missionHq, readGeoPko, slug, unitsAt } from './geo-pko';

/**
 * The demo world `npm start` loads (scenarios/demo-2010-2012.jsonl): the missions of the
 * historical cases 2 to 7 at their real bases with their real contributors (Geo-PKO, see
 * docs/demo-world.md for every rule), and the crises, consents and decisions of 2010 to 2012
 * replayed on them as they happened.
 */

/** The deployment the demo puts on the map: the one a planner knows on the demo's last day, 2012-11-26. */
export const DEMO_YEAR = 2012;

/** The missions of cases 2 to 7, in the order they are put on file. */
export const DEMO_MISSIONS = ['UNMIL', 'UNOCI', 'MONUSCO', 'UNAMID', 'UNIFIL', 'UNDOF', 'UNMISS', 'UNSMIS'] as const;
type DemoMission = (typeof DEMO_MISSIONS)[number];

/** When each mission is first on file: at the start of the timeline, or when it began. */
export const MISSION_START: Record<DemoMission, string> = {
  UNMIL: '2010-11-01T00:00:00Z',
  UNOCI: '2010-11-01T00:00:00Z',
  MONUSCO: '2010-11-01T00:00:00Z',
  UNAMID: '2010-11-01T00:00:00Z',
  UNIFIL: '2010-11-01T00:00:00Z',
  UNDOF: '2010-11-01T00:00:00Z',
  // South Sudan's independence; S/RES/1996 (2011) established UNMISS the day before.
  UNMISS: '2011-07-09T00:00:00Z',
  // Case 7's start-up; S/RES/2043 (2012) established UNSMIS on 21 April.
  UNSMIS: '2012-04-14T00:00:00Z',
};

/** What each mission can shelter and support on top of its own (our numbers, as in the cases). */
const RECEIVING: Record<DemoMission, Mission['receivingCapacity']> = {
  UNMIL: { personnel: 800, aircraft: 6 },
  UNOCI: { personnel: 1200, aircraft: 6 },
  MONUSCO: { personnel: 1500, aircraft: 8 },
  UNAMID: { personnel: 2000, aircraft: 10 },
  UNIFIL: { personnel: 2000, aircraft: 4 },
  UNDOF: { personnel: 300, aircraft: 0 },
  UNMISS: { personnel: 600, aircraft: 6 },
  UNSMIS: { personnel: 400, aircraft: 2 },
};

/** Notice to move by capability: the data gives none (our numbers, as the cases use). */
export const NOTICE_DAYS: Partial<Record<Capability, number>> = {
  'infantry-company': 10,
  'utility-helicopter': 10,
  'attack-helicopter': 5,
  'formed-police-unit': 12,
  'military-observer-team': 3,
};

/**
 * Units the replayed cases need that Geo-PKO does not code: police (it codes UNPOL presence, not
 * formed units or their countries), military observers (presence only, none at UNIFIL, UNDOF or
 * UNAMID in 2012) and armed helicopters (it counts aviation units, not their type). Our numbers,
 * from the cases; `at` is a base of the data, else the mission's headquarters.
 */
export const SUPPLEMENTS: { spec: UnitSpec; at?: string; why: string }[] = [
  { spec: { mission: 'UNMIL', capability: 'attack-helicopter', contributor: 'UKR', count: 6 }, at: 'Harbel Airport', why: "case 2: Ukraine's armed helicopters, at the airfield where Ukraine flies" },
  { spec: { mission: 'UNMIL', capability: 'formed-police-unit', contributor: 'IND', count: 3 }, why: 'cases 2 and 4' },
  { spec: { mission: 'UNMIL', capability: 'formed-police-unit', contributor: 'NGA', count: 3 }, why: 'case 2' },
  { spec: { mission: 'UNOCI', capability: 'formed-police-unit', contributor: 'JOR', count: 4 }, why: 'case 3' },
  { spec: { mission: 'UNMISS', capability: 'formed-police-unit', contributor: 'BGD', count: 2 }, why: "the demo's Goma request" },
  ...OBSERVERS.map((spec) => ({ spec, why: 'case 7' })),
];

export interface DemoWorld {
  missions: Record<DemoMission, Mission>;
  /** Unit upserts per mission, in the data's order of bases, then the supplements. */
  units: Record<DemoMission, Line[]>;
  /** Every place a unit of the demo is based, by mission and name. */
  bases: Map<string, Place>;
}

const missionRecord = (data: GeoPko, id: DemoMission, status: Mission['status'] = 'normal', version = 1): Mission => {
  const hq = missionHq(data, id, DEMO_YEAR);
  return { ...MISSIONS[id], hq: { lat: hq.lat, lon: hq.lon }, status, receivingCapacity: RECEIVING[id], version };
};

/** The missions and their units, as of DEMO_YEAR, timed at each mission's start. */
export function demoWorld(data: GeoPko = readGeoPko()): DemoWorld {
  const missions = {} as Record<DemoMission, Mission>;
  const out = {} as Record<DemoMission, Line[]>;
  const bases = new Map<string, Place>();
  for (const id of DEMO_MISSIONS) {
    const t = MISSION_START[id];
    missions[id] = missionRecord(data, id, id === 'UNSMIS' ? 'start-up' : 'normal');
    const hq = missionHq(data, id, DEMO_YEAR);
    const lines: Line[] = [];
    const held = basesOf(data, id, DEMO_YEAR).map(unitsAt);
    for (const { base, companies, helicopters } of held) {
      bases.set(`${id}/${base.name}`, base.place);
      const at = { base: slug(base.name), location: base.place };
      for (const c of companies) lines.push(...units(t, { mission: id, capability: 'infantry-company', contributor: c.contributor, count: c.count, notice: NOTICE_DAYS['infantry-company'], ...at }));
      if (helicopters > 0 && base.flies) lines.push(...units(t, { mission: id, capability: 'utility-helicopter', contributor: base.flies, count: helicopters, notice: NOTICE_DAYS['utility-helicopter'], ...at }));
    }
    for (const s of SUPPLEMENTS.filter((x) => x.spec.mission === id)) {
      const place = s.at === undefined ? hq : bases.get(`${id}/${s.at}`);
      if (!place) throw new Error(`supplement ${s.spec.mission} ${s.spec.capability} ${s.spec.contributor}: no base ${s.at} in the ${DEMO_YEAR} data`);
      lines.push(...units(t, { ...s.spec, notice: NOTICE_DAYS[s.spec.capability], base: slug(place.name ?? 'hq'), location: place }));
    }
    out[id] = lines;
  }
  return { missions, units: out, bases };
}

const ALL: ['*'] = ['*'];

/** Plans the timeline so far with the real engine, as `plan` would; the generator reads loan ids off it. */
async function openLoansOf(lines: Line[], crisisId: string): Promise<string[]> {
  const run = await planScenario(render(lines), { plan: (problem, options) => planProposal(problem, options) });
  if (run.rejected.length > 0) throw new Error(`the demo timeline has refused lines: ${JSON.stringify(run.rejected.slice(0, 3))}`);
  const ids = run.world
    .loans()
    .filter((l) => l.demandId.startsWith(`${crisisId}/`) && l.returnedAt === undefined && l.recalledAt === undefined)
    .map((l) => l.loanId)
    .sort();
  if (ids.length === 0) throw new Error(`the demo timeline approved no loan for ${crisisId}`);
  return ids;
}

const site = (data: GeoPko, mission: DemoMission, name: string): Place => {
  const row = data.contributors.find((r) => r.mission === mission && Number(r.year) === DEMO_YEAR && r.location === name);
  if (!row) throw new Error(`no ${mission} location ${name} in the ${DEMO_YEAR} data`);
  return { name: row.location, lat: Number(row.latitude), lon: Number(row.longitude) };
};

const mission = (t: string, m: Mission): Line => event('imc.mission.upserted', t, m, m.missionId);

/**
 * The timeline: each crisis of cases 2 to 7 where it happened, a planner approving every loan of
 * the proposal, the units coming home when they did, UNSMIS closing, and (our own numbers)
 * MONUSCO's request after the fall of Goma left for the planner to review.
 */
export async function demo(data: GeoPko = readGeoPko()): Promise<Line[]> {
  resetIds();
  const world = demoWorld(data);
  const goma = site(data, 'MONUSCO', 'Goma');
  const bor = site(data, 'UNMISS', 'Bor');
  const start = (id: DemoMission): Line[] => [mission(MISSION_START[id], world.missions[id]), ...world.units[id]];
  const lines: Line[] = [
    comment(`Demo world: the missions of CASES.md cases 2 to 7 at their ${DEMO_YEAR} bases, with their contributors, from Geo-PKO 2.3 (Cil, Fjelde, Hultman and Nilsson 2020, "Mapping blue helmets", Journal of Peace Research 57(2)); rules in docs/demo-world.md.`),
    comment('Generated by scripts/demo/generate-demo.ts (npm run --silent demo:generate); do not edit.'),
    ...(['UNMIL', 'UNOCI', 'MONUSCO', 'UNAMID', 'UNIFIL', 'UNDOF'] as const).flatMap(start),
    consent(MISSION_START.UNMIL, { consentId: 'civ-host', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ALL, status: 'granted' }),
    consent(MISSION_START.UNMIL, { consentId: 'lbr-host', kind: 'host-state', party: 'LBR', fromMission: '*', toMission: 'UNMIL', capabilities: ALL, status: 'granted' }),
    comment("2010-11: Cote d'Ivoire elections (case 2): companies and Ukraine's armed helicopters from UNMIL."),
    ...case02Crisis('2010-11-24T00:00:00Z'),
    approveAll('2010-11-26T00:00:00Z', 'dec-civ-2010'),
  ];
  const civ2010 = await openLoansOf(lines, CIV_ELECTIONS.crisisId);
  lines.push(
    crisis('2011-04-15T00:00:00Z', 'resolved', { ...CIV_ELECTIONS, version: 2 }),
    ...civ2010.map((id) => returned('2011-04-15T00:00:00Z', id)),
    comment('2011-07: UNMISS begins with South Sudan.'),
    ...start('UNMISS'),
    consent(MISSION_START.UNMISS, { consentId: 'ssd-host', kind: 'host-state', party: 'SSD', fromMission: '*', toMission: 'UNMISS', capabilities: ALL, status: 'granted' }),
    consent(MISSION_START.UNMISS, { consentId: 'ukr-monusco-unmiss', kind: 'contributor', party: 'UKR', fromMission: 'MONUSCO', toMission: 'UNMISS', capabilities: ALL, status: 'granted' }),
    comment('2011-10: Liberian elections, UNOCI to UNMIL (case 3).'),
    ...case03Consents('2011-09-01T00:00:00Z'),
    consent('2011-09-01T00:00:00Z', { consentId: 'unsc-2000', kind: 'council', party: 'UNSC', fromMission: 'UNOCI', toMission: 'UNMIL', capabilities: ALL, status: 'granted', reference: 'S/RES/2000 (2011)' }),
    crisis('2011-09-01T00:00:00Z', 'declared', LBR_ELECTIONS),
    approveAll('2011-09-03T00:00:00Z', 'dec-lbr-2011'),
  );
  const lbr = await openLoansOf(lines, LBR_ELECTIONS.crisisId);
  lines.push(
    ...lbr.map((id) => returned('2011-11-15T00:00:00Z', id)),
    comment('2011-12: Ivorian legislative elections, raised three weeks ahead (case 4).'),
    ...case04Consents('2011-11-16T00:00:00Z'),
    crisis('2011-11-16T00:00:00Z', 'declared', CIV_LEGISLATIVE),
    approveAll('2011-11-18T00:00:00Z', 'dec-civ-2011'),
  );
  const civ2011 = await openLoansOf(lines, CIV_LEGISLATIVE.crisisId);
  lines.push(
    comment(`2012-01: Jonglei (case 5): MONUSCO helicopters to UNMISS, needed at Bor (UNMISS's base there, ${bor.lat}, ${bor.lon}), not at Juba.`),
    consent('2011-12-30T00:00:00Z', { consentId: 'unsc-monusco-unmiss', kind: 'council', party: 'UNSC', fromMission: 'MONUSCO', toMission: 'UNMISS', capabilities: ['utility-helicopter'], status: 'granted', reference: 'S/RES/2032 (2011)' }),
    crisis('2011-12-30T00:00:00Z', 'declared', { ...JONGLEI, site: { name: 'Bor, Jonglei', lat: bor.lat, lon: bor.lon } }),
    approveAll('2012-01-01T00:00:00Z', 'dec-jonglei-2012'),
  );
  const jonglei = await openLoansOf(lines, JONGLEI.crisisId);
  lines.push(
    ...civ2011.map((id) => returned('2012-01-20T00:00:00Z', id)),
    ...jonglei.map((id) => returned('2012-03-01T00:00:00Z', id)),
    comment('2012-04: UNSMIS start-up, observers from several missions (case 7).'),
    ...start('UNSMIS'),
    ...unsmisConsents(MISSION_START.UNSMIS),
    crisis(MISSION_START.UNSMIS, 'declared', UNSMIS_START),
    approveAll('2012-04-15T00:00:00Z', 'dec-unsmis-2012'),
  );
  const unsmis = await openLoansOf(lines, UNSMIS_START.crisisId);
  const mandateEnd = '2012-08-19T00:00:00Z';
  lines.push(
    comment('2012-07-20: S/RES/2059 (2012) extends UNSMIS a final 30 days, to 19 August; the mission draws down, its observers stay until the end.'),
    mission('2012-07-20T00:00:00Z', { ...world.missions.UNSMIS, status: 'drawdown', version: 2 }),
    crisis('2012-07-20T00:00:00Z', 'updated', { ...UNSMIS_START, window: { ...UNSMIS_START.window, end: mandateEnd }, version: 2 }),
    ...unsmis.map((id) => extended('2012-07-20T00:00:00Z', id, mandateEnd, 'S/RES/2059 (2012): a final 30 days')),
    comment('2012-08-19: the mandate ends; the observers go home to their missions.'),
    crisis(mandateEnd, 'resolved', { ...UNSMIS_START, window: { ...UNSMIS_START.window, end: mandateEnd }, version: 3 }),
    ...unsmis.map((id) => returned(mandateEnd, id)),
    comment(`2012-11: eastern DRC; MONUSCO in crisis lends nothing (case 6). The fighting is around Goma (${goma.lat}, ${goma.lon}).`),
    crisis('2012-11-20T00:00:00Z', 'declared', { ...KIVU, site: goma }),
    ...gomaRequest('2012-11-22T00:00:00Z', goma),
    demand('2012-11-25T00:00:00Z', 'raised', UNMISS_HELIS_2012),
    tick('2012-11-26T00:00:00Z'),
  );
  return lines;
}

/**
 * The demo's open question (our own numbers): MONUSCO asks UNMISS for companies and police after
 * the fall of Goma, so that a newcomer's current proposal has loans to review, one of them waiting
 * on a contributor's consent.
 */
function gomaRequest(t: string, goma: Place): Line[] {
  const window = { start: '2012-12-01T00:00:00Z', end: '2013-03-31T00:00:00Z' };
  return [
    comment('2012-11: MONUSCO asks UNMISS for companies and police at Goma (illustrative; left for the planner to review). Bangladesh consents to lend its companies; its police unit waits for a consent of its own.'),
    consent(t, { consentId: 'cod-host-monusco', kind: 'host-state', party: 'COD', fromMission: '*', toMission: 'MONUSCO', capabilities: ALL, status: 'granted' }),
    consent(t, { consentId: 'unsc-goma-2012', kind: 'council', party: 'UNSC', fromMission: '*', toMission: 'MONUSCO', capabilities: ['infantry-company', 'formed-police-unit'], status: 'granted' }),
    consent(t, { consentId: 'bgd-unmiss-monusco', kind: 'contributor', party: 'BGD', fromMission: 'UNMISS', toMission: 'MONUSCO', capabilities: ['infantry-company'], status: 'granted' }),
    consent(t, { consentId: 'bgd-police-unmiss-monusco', kind: 'contributor', party: 'BGD', fromMission: 'UNMISS', toMission: 'MONUSCO', capabilities: ['formed-police-unit'], status: 'pending', expectedInDays: 16 }),
    demand(t, 'raised', { demandId: 'goma-2012/infantry-company', missionId: 'MONUSCO', capability: 'infantry-company', quantity: 4, window, priority: 9, site: goma, version: 1 }),
    demand(t, 'raised', { demandId: 'goma-2012/formed-police-unit', missionId: 'MONUSCO', capability: 'formed-police-unit', quantity: 1, window, priority: 8, site: goma, version: 1 }),
  ];
}

export const DEMO_FILE = join(__dirname, '..', '..', 'scenarios', 'demo-2010-2012.jsonl');

/** Writes scenarios/demo-2010-2012.jsonl. */
export async function writeDemo(file = DEMO_FILE): Promise<void> {
  writeFileSync(file, render(await demo()));
}
