import { parseEvent } from './parse-event';

const envelope = (type: string, data: unknown) => ({ specversion: '1.0', id: 'evt-1', source: '/test', type, time: '2010-12-02T00:00:00Z', data });
const consent = { consentId: 'civ-objects-pak', kind: 'host-state', party: 'CIV', fromMission: '*', toMission: 'UNOCI', capabilities: ['*'], status: 'refused', version: 1 };
const mission = { missionId: 'UNMIL', name: 'UN Mission in Liberia', hostState: 'LBR', region: 'west-africa', hq: { lat: 6.32, lon: -10.81 }, status: 'normal', receivingCapacity: { personnel: 800, aircraft: 4 }, version: 1 };

describe('v3 fields of the input events', () => {
  it('accepts contributors on a host-state or council record, and refuses them on a contributor record', () => {
    expect(parseEvent(envelope('imc.consent.recorded', { ...consent, contributors: ['PAK'] })).ok).toBe(true);
    expect(parseEvent(envelope('imc.consent.recorded', { ...consent, kind: 'council', party: 'UNSC', contributors: ['PAK', 'NGA'] })).ok).toBe(true);
    const onContributor = parseEvent(envelope('imc.consent.recorded', { ...consent, kind: 'contributor', party: 'PAK', contributors: ['PAK'] }));
    expect(onContributor.ok).toBe(false);
    if (!onContributor.ok) expect(onContributor.reason).toBe('data.contributors: applies to host-state and council records only');
    for (const bad of [[], [''], 'PAK', [7]]) expect(parseEvent(envelope('imc.consent.recorded', { ...consent, contributors: bad })).ok).toBe(false);
  });

  it('accepts a whole uniformedStrength of 0 or more on a mission, and nothing else', () => {
    expect(parseEvent(envelope('imc.mission.upserted', { ...mission, uniformedStrength: 7952 })).ok).toBe(true);
    expect(parseEvent(envelope('imc.mission.upserted', { ...mission, uniformedStrength: 0 })).ok).toBe(true);
    // null reads as not given, as for every optional field (IsOptional); the posture then sums the units.
    for (const bad of [-1, 1.5, '7952']) expect(parseEvent(envelope('imc.mission.upserted', { ...mission, uniformedStrength: bad })).ok).toBe(false);
  });

  it('accepts a policy currency as an ISO 4217 code, and refuses anything else saying so', () => {
    expect(parseEvent(envelope('imc.policy.updated', { policyId: 'default', version: 2, currency: 'EUR' })).ok).toBe(true);
    for (const bad of ['usd', 'US', 'DOLLAR', 840]) {
      const parsed = parseEvent(envelope('imc.policy.updated', { policyId: 'default', version: 2, currency: bad }));
      expect([bad, parsed.ok]).toEqual([bad, false]);
      if (!parsed.ok) expect(parsed.reason).toContain('data.currency');
    }
  });
});
