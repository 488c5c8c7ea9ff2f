import { parseEvent } from '@imc/contracts';
import { denseWorldEvents } from '@imc/optimizer/testing/dense-world-events';
import { padEvents, worldEvents } from './world-events';

describe('benchmark worlds', () => {
  it.each([
    [16, 20, false],
    [300, 1000, true],
  ])('%i missions / %i demands (binding %s) are valid events, as the allocator reads them', (missions, demands, binding) => {
    const events = worldEvents({ missions, demands, binding, seed: 2012 });
    const refused = events.map((e) => parseEvent(JSON.stringify(e))).filter((r) => !r.ok);
    expect(refused).toEqual([]);
    expect(events.filter((e) => e.type === 'imc.mission.upserted')).toHaveLength(missions);
  });

  it('pads to the asked total', () => {
    expect(padEvents(worldEvents({ missions: 16, demands: 20, binding: false, seed: 1 }), 5000, 1)).toHaveLength(5000);
  });

  it('the dense 16-mission world is valid events, with dozens of units per mission', () => {
    const events = denseWorldEvents({ missions: 16, demands: 20, seed: 12 });
    expect(events.map((e) => parseEvent(JSON.stringify(e))).filter((r) => !r.ok)).toEqual([]);
    const units = events.filter((e) => e.type === 'imc.unit.upserted').length;
    expect(units / 16).toBeGreaterThan(20);
    expect(events.filter((e) => e.type === 'imc.demand.raised')).toHaveLength(20);
  });
});
