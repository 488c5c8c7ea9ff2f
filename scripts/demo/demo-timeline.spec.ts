import { readFileSync } from 'node:fs';
import { render } from '../../scenarios/scenario-kit';
import { DEMO_FILE, demo, demoWorld, SUPPLEMENTS } from './demo-timeline';

describe('the demo generator', () => {
  it('writes what is committed: scenarios/demo-2010-2012.jsonl is its output, and the same on every run', async () => {
    const first = render(await demo());
    expect(first).toBe(readFileSync(DEMO_FILE, 'utf8'));
    expect(render(await demo())).toBe(first);
  }, 120_000);

  it('gives every unit an id of its own, naming its base', () => {
    const world = demoWorld();
    const ids = Object.values(world.units).flatMap((lines) => lines.map((l) => (l.event?.data as { unitId: string }).unitId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('MONUSCO-inf-PAK-bukavu-01');
    expect(ids).toContain('MONUSCO-uh-UKR-goma-02');
  });

  it('adds only the units the data does not code, each where the table says', () => {
    const world = demoWorld();
    const supplemented = SUPPLEMENTS.reduce((n, s) => n + s.spec.count, 0);
    const ofKind = Object.values(world.units)
      .flat()
      .filter((l) => ['formed-police-unit', 'military-observer-team', 'attack-helicopter'].includes((l.event?.data as { capability: string }).capability));
    expect(ofKind).toHaveLength(supplemented);
  });
});
