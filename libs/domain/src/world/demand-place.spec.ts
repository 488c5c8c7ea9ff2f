import { crisisEv, ev, twoMissionWorld } from '../testing/event.fixtures';
import { World } from '../world.state';

const GOMA = { name: 'Goma', lat: -1.68, lon: 29.22 };
const BOUAKE = { name: 'Bouaké', lat: 7.69, lon: -5.03 };

function world(): World {
  const w = World.empty();
  for (const e of twoMissionWorld()) w.apply(e);
  w.apply(crisisEv('2010-12-02T00:00:00Z', 'declared', { crisisId: 'north', missionId: 'UNOCI', site: GOMA }));
  w.apply(crisisEv('2010-12-02T00:00:00Z', 'declared', { crisisId: 'abidjan', missionId: 'UNOCI' }));
  const demand = { missionId: 'UNOCI', capability: 'infantry-company', quantity: 1, window: { start: '2011-01-01T00:00:00Z', end: '2011-02-01T00:00:00Z' }, priority: 5, version: 1 };
  w.apply(ev('imc.demand.raised', '2010-12-03T00:00:00Z', { ...demand, demandId: 'own-site', crisisId: 'north', site: BOUAKE }));
  w.apply(ev('imc.demand.raised', '2010-12-03T00:00:00Z', { ...demand, demandId: 'crisis-site', crisisId: 'north' }));
  w.apply(ev('imc.demand.raised', '2010-12-03T00:00:00Z', { ...demand, demandId: 'no-site' }));
  return w;
}

describe('World.demandPlace: where a demand is needed, by the planning rule', () => {
  it('reads a raised demand\'s own site first, then its crisis\'s, then its mission\'s hq', () => {
    const w = world();
    expect(w.demandPlace('own-site')).toMatchObject({ missionId: 'UNOCI', crisisId: 'north', site: BOUAKE, siteFrom: 'demand' });
    expect(w.demandPlace('crisis-site')).toMatchObject({ site: GOMA, siteFrom: 'crisis' });
    expect(w.demandPlace('no-site')).toMatchObject({ site: { lat: 5.36, lon: -4.01 }, siteFrom: 'hq' });
  });

  it('places a crisis requirement at the crisis\'s site, else the hq, and agrees with the open demands', () => {
    const w = world();
    expect(w.demandPlace('north/infantry-company')).toEqual({ demandId: 'north/infantry-company', missionId: 'UNOCI', crisisId: 'north', capability: 'infantry-company', site: GOMA, siteFrom: 'crisis' });
    expect(w.demandPlace('abidjan/infantry-company')).toMatchObject({ site: { lat: 5.36, lon: -4.01 }, siteFrom: 'hq' });
    for (const d of w.openDemands()) expect([d.demandId, w.demandPlace(d.demandId)?.site ?? null]).toEqual([d.demandId, d.site ?? w.mission(d.missionId)?.hq ?? null]);
  });

  it('still places a demand that is closed (its crisis resolved), which a loan under way may point at', () => {
    const w = world();
    w.apply(crisisEv('2010-12-04T00:00:00Z', 'resolved', { crisisId: 'north', missionId: 'UNOCI', site: GOMA, version: 2 }));
    expect(w.openDemands().map((d) => d.demandId)).not.toContain('north/infantry-company');
    expect(w.demandPlace('north/infantry-company')?.site).toEqual(GOMA);
  });

  it('answers undefined for a demand the world never held, or a capability the crisis does not require', () => {
    const w = world();
    expect(w.demandPlace('nowhere')).toBeUndefined();
    expect(w.demandPlace('north/field-hospital')).toBeUndefined();
  });
});
