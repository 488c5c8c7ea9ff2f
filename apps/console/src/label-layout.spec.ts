import { Box, layoutLabels, overlaps, type LabelRequest, type Obstacle } from './label-layout';

/** 8 px per character, 13 px tall: about the map's 13 px bold names. */
const measure = (text: string) => ({ width: text.length * 8, ascent: 10, descent: 3 });
const bounds: Box = { x1: 0, y1: 0, x2: 960, y2: 520 };
const dot = (id: string, x: number, y: number, r = 8): Obstacle => ({ box: { x1: x - r, y1: y - r, x2: x + r, y2: y + r }, hard: true, owner: id });
const label = (id: string, x: number, y: number): LabelRequest => ({ id, text: id, font: '13px', at: [x, y], r: 8 });

describe('layoutLabels', () => {
  it('puts a lone name right of its dot, on the dot\'s line', () => {
    const placed = layoutLabels([label('UNMIL', 100, 100)], [dot('UNMIL', 100, 100)], bounds, measure).get('UNMIL')!;
    expect([placed.anchor, placed.x, placed.leader, placed.forced]).toEqual(['start', 111, undefined, false]);
    expect(placed.box.y1).toBeLessThan(100);
    expect(placed.box.y2).toBeGreaterThan(100);
  });

  it('keeps four Levant missions a few pixels apart readable: no name over another name or another dot', () => {
    // UNDOF, UNIFIL, UNSMIS and UNTSO on a map of Africa and the Middle East: 5 to 15 px apart.
    const points: [string, number, number][] = [['UNDOF', 700, 120], ['UNSMIS', 706, 112], ['UNIFIL', 694, 116], ['UNTSO', 692, 128]];
    const obstacles = points.map(([id, x, y]) => dot(id, x, y));
    const placed = layoutLabels(points.map(([id, x, y]) => label(id, x, y)), obstacles, bounds, measure);
    const boxes = points.map(([id]) => ({ id, box: placed.get(id)!.box }));
    for (const a of boxes) {
      for (const b of boxes) if (a !== b) expect([a.id, b.id, overlaps(a.box, b.box)]).toEqual([a.id, b.id, false]);
      for (const o of obstacles) if (o.owner !== a.id) expect([a.id, o.owner, overlaps(a.box, o.box)]).toEqual([a.id, o.owner, false]);
    }
    // Names set off from their dot get a leader line to it.
    for (const [id, x, y] of points) {
      const p = placed.get(id)!;
      const gap = Math.hypot(Math.min(Math.max(x, p.box.x1), p.box.x2) - x, Math.min(Math.max(y, p.box.y1), p.box.y2) - y);
      expect([id, gap > 14 ? !!p.leader : true]).toEqual([id, true]);
    }
    expect([...placed.values()].filter((p) => p.forced)).toEqual([]);
  });

  it('avoids a soft obstacle when a free place is near, but covers one rather than a name', () => {
    const base: Obstacle = { box: { x1: 108, y1: 92, x2: 160, y2: 108 }, hard: false };
    const placed = layoutLabels([label('UNMIL', 100, 100)], [dot('UNMIL', 100, 100), base], bounds, measure).get('UNMIL')!;
    expect(overlaps(placed.box, base.box)).toBe(false);
    expect(placed.anchor).toBe('end');
  });

  it('stays inside the map: a dot at the right edge has its name on the left', () => {
    const placed = layoutLabels([label('MINURSO', 955, 200)], [dot('MINURSO', 955, 200)], bounds, measure).get('MINURSO')!;
    expect(placed.box.x2).toBeLessThanOrEqual(960);
    expect(placed.anchor).toBe('end');
  });

  it('says when it had to cover something: more names than room', () => {
    const many = Array.from({ length: 60 }, (_, i) => label(`M${i}`, 50, 50));
    const placed = layoutLabels(many, many.map((l) => dot(l.id, 50, 50)), { x1: 0, y1: 0, x2: 100, y2: 100 }, measure);
    expect(placed.size).toBe(60);
    expect([...placed.values()].some((p) => p.forced)).toBe(true);
  });
});
