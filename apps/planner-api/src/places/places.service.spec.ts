import { TOPICS } from '@imc/contracts';
import { crisisEv, ev, missionEv, unitEv } from '@imc/domain/testing/event.fixtures';
import { PlannerView } from '../read-model/planner-view';
import type { ReadModelService } from '../read-model/read-model.service';
import { proposal, proposedEvent, proposedLoan } from '../testing/fixtures';
import { PlacesService } from './places.service';

const T = '2012-11-20T00:00:00Z';
const GOMA = { name: 'Goma', lat: -1.68, lon: 29.22 };
const BUNIA = { name: 'Bunia', lat: 1.56, lon: 30.25 };
const KINSHASA = { lat: -4.32, lon: 15.31 };

/** MONUSCO with units at its hq and at two bases, UNMISS at its hq, a crisis at Goma and one without a site. */
function places() {
  const view = new PlannerView();
  const put = (topic: string, e: object) => expect(view.applyRecord(topic, JSON.stringify(e))).toBe('applied');
  put(TOPICS.missions, missionEv(T, { missionId: 'MONUSCO', hostState: 'COD', hq: KINSHASA }));
  put(TOPICS.missions, missionEv(T, { missionId: 'UNMISS', hostState: 'SSD', hq: { lat: 4.85, lon: 31.58 } }));
  put(TOPICS.units, unitEv(T, { unitId: 'mon-heli-1', missionId: 'MONUSCO', capability: 'utility-helicopter', contributor: 'IND', location: GOMA }));
  put(TOPICS.units, unitEv(T, { unitId: 'mon-heli-2', missionId: 'MONUSCO', capability: 'utility-helicopter', contributor: 'IND', location: { ...GOMA } }));
  put(TOPICS.units, unitEv(T, { unitId: 'mon-inf-1', missionId: 'MONUSCO', contributor: 'BGD', location: BUNIA }));
  put(TOPICS.units, unitEv(T, { unitId: 'mon-hq-1', missionId: 'MONUSCO', contributor: 'URY' }));
  put(TOPICS.units, unitEv(T, { unitId: 'unmiss-inf-1', missionId: 'UNMISS', contributor: 'KEN' }));
  // A unit of a mission nobody recorded: no hq to place it at, and no donor the engine plans.
  put(TOPICS.units, unitEv(T, { unitId: 'stray-1', missionId: 'NOWHERE', contributor: 'KEN' }));
  put(TOPICS.crises, crisisEv(T, 'declared', { crisisId: 'kivu', missionId: 'MONUSCO', site: GOMA, window: { start: T, end: '2013-03-31T00:00:00Z' } }));
  put(TOPICS.crises, crisisEv(T, 'declared', { crisisId: 'juba', missionId: 'UNMISS', window: { start: T, end: '2013-03-31T00:00:00Z' } }));
  put(TOPICS.demands, ev('imc.demand.raised', T, { demandId: 'bor-police', missionId: 'UNMISS', capability: 'formed-police-unit', quantity: 1, window: { start: T, end: '2013-01-31T00:00:00Z' }, priority: 5, site: { name: 'Bor', lat: 6.21, lon: 31.56 }, version: 1 }));
  const service = new PlacesService({ view } as unknown as ReadModelService);
  return { view, service };
}

describe('PlacesService (GET /v1/places)', () => {
  it('groups each mission\'s units by base, the hq first, and leaves out units of an unknown mission', () => {
    const { missions } = places().service.places();
    expect(missions.map((m) => m.missionId)).toEqual(['MONUSCO', 'UNMISS']);
    const monusco = missions[0];
    expect(monusco.hq).toEqual(KINSHASA);
    expect(monusco.bases.map((b) => [b.name ?? 'hq', b.atHq, b.units.map((u) => u.unitId)])).toEqual([
      ['hq', true, ['mon-hq-1']],
      ['Bunia', false, ['mon-inf-1']],
      ['Goma', false, ['mon-heli-1', 'mon-heli-2']],
    ]);
    expect(monusco.bases[2]).toMatchObject({ ...GOMA, units: [{ unitId: 'mon-heli-1', capability: 'utility-helicopter', contributor: 'IND', status: 'available' }, expect.anything()] });
    expect(missions.flatMap((m) => m.bases.flatMap((b) => b.units.map((u) => u.unitId)))).not.toContain('stray-1');
  });

  it('places a crisis at its site, else its mission\'s hq, and each open demand where the engine measures to', () => {
    const { service, view } = places();
    const answer = service.places();
    expect(answer.asOf).toBe(view.world.asOf);
    expect(answer.crises.map((c) => [c.crisisId, c.site, c.siteFrom])).toEqual([
      ['juba', { lat: 4.85, lon: 31.58 }, 'hq'],
      ['kivu', GOMA, 'crisis'],
    ]);
    expect(answer.demands.map((d) => [d.demandId, d.site.name ?? 'hq', d.siteFrom, d.open])).toEqual([
      ['bor-police', 'Bor', 'demand', true],
      ['juba/infantry-company', 'hq', 'hq', true],
      ['kivu/infantry-company', 'Goma', 'crisis', true],
    ]);
    // The same site as the planning problem's open demands.
    for (const d of view.world.openDemands()) expect(answer.demands.find((x) => x.demandId === d.demandId)?.site).toEqual(d.site ?? view.world.mission(d.missionId)?.hq);
  });

  it('keeps a closed demand the current proposal lends to, marked not open', () => {
    const { service, view } = places();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [proposedLoan('loan-a', ['mon-heli-1'], 'kivu/infantry-company')])));
    expect(view.applyRecord(TOPICS.crises, JSON.stringify(crisisEv('2012-11-21T00:00:00Z', 'resolved', { crisisId: 'kivu', missionId: 'MONUSCO', site: GOMA, version: 2 })))).toBe('applied');
    const answer = service.places();
    expect(answer.crises.map((c) => c.crisisId)).toEqual(['juba']);
    expect(answer.demands.find((d) => d.demandId === 'kivu/infantry-company')).toMatchObject({ open: false, site: GOMA, siteFrom: 'crisis' });
  });

  it('answers an empty world with empty lists and a null asOf', () => {
    const service = new PlacesService({ view: new PlannerView() } as unknown as ReadModelService);
    expect(service.places()).toEqual({ asOf: null, missions: [], crises: [], demands: [] });
  });
});
