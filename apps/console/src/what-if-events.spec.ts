import { parseEvent } from '@imc/contracts';
import { consentEvent, crisisEvent, floorEvent, parsePasted, unitRemovedEvent } from './what-if-events';

const T = '2012-11-26T00:00:00.000Z';

describe('what-if events from the console forms', () => {
  it('are events the contract accepts', () => {
    const events = [
      crisisEvent({ type: 'imc.crisis.declared', crisisId: 'c1', missionId: 'UNMIL', kind: 'security', severity: 4, start: '2012-12-01', end: '2013-01-31', capability: 'infantry-company', quantity: 2, priority: 8, version: 1 }, T),
      consentEvent({ consentId: 'k1', kind: 'contributor', party: 'PAK', fromMission: 'UNMIL', toMission: 'UNOCI', capability: '*', status: 'pending', expectedInDays: 10, version: 5 }, T),
      unitRemovedEvent('UNMIL-inf-01', 9, T),
      floorEvent('UNMISS', 'utility-helicopter', 0.75, 2, 1, T),
    ];
    for (const e of events) {
      const parsed = parseEvent(e);
      expect(parsed).toMatchObject({ ok: true });
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it('keeps the default floors beside the new one', () => {
    const floors = floorEvent('UNMISS', 'utility-helicopter', 0.75, 2, 1, T).data.reserveFloors as { missionId: string }[];
    expect(floors.map((f) => f.missionId)).toEqual(['*', 'UNMISS']);
  });

  it('reads pasted arrays, objects and JSON lines, and says which line is wrong', () => {
    expect(parsePasted('[{"a":1},{"b":2}]')).toEqual({ events: [{ a: 1 }, { b: 2 }] });
    expect(parsePasted('{"a":1}')).toEqual({ events: [{ a: 1 }] });
    expect(parsePasted('# comment\n{"a":1}\n\n{"b":2}')).toEqual({ events: [{ a: 1 }, { b: 2 }] });
    expect(parsePasted('{"a":1}\nnope')).toEqual({ error: 'line 2: not JSON' });
    expect(parsePasted('[1,2]')).toEqual({ error: 'expected a JSON object or an array of objects' });
    expect(parsePasted('  ')).toEqual({ error: 'paste at least one event' });
    // Fuzz counterexample: an empty array is no event at all, not a what-if of nothing.
    expect(parsePasted('[]')).toEqual({ error: 'paste at least one event' });
  });
});
