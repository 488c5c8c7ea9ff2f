/**
 * Where each name goes on the map so that no name covers another name or another dot (UNDOF,
 * UNIFIL and UNSMIS are a few km apart; once UNDOF's name sat on UNSMIS's start-up dot and read
 * as "UNDOF in start-up"). Plain geometry, no DOM: the page passes the size of each text as the
 * browser measures it.
 */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface LabelRequest {
  id: string;
  text: string;
  font: string;
  /** The point the label names, and the radius of its own marker there. */
  at: [number, number];
  r: number;
}

/** Something a label should not cover: `hard` ones (dots, other names) it must not, soft ones (bases) preferably not. */
export interface Obstacle {
  box: Box;
  hard: boolean;
  /** The label this obstacle belongs to (its own marker), which it may touch. */
  owner?: string;
}

export interface TextSize {
  width: number;
  /** Above and below the baseline, as the font's box (what the browser's text box spans). */
  ascent: number;
  descent: number;
}

export interface PlacedLabel {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Box;
  /** Set off from its marker (no free place right beside it): the page draws a leader line from `from` to the box. */
  leader?: { from: [number, number]; to: [number, number] };
  /** True when every candidate place covered something it must not: the least bad one was taken. */
  forced: boolean;
}

/** Room kept around each name, so that names a pixel apart still read as two. */
const PAD = 2;
const RINGS = 4;
const RING_STEP = 13;

export const overlaps = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
const grow = (b: Box, by: number): Box => ({ x1: b.x1 - by, y1: b.y1 - by, x2: b.x2 + by, y2: b.y2 + by });
const inside = (b: Box, bounds: Box): boolean => b.x1 >= bounds.x1 && b.y1 >= bounds.y1 && b.x2 <= bounds.x2 && b.y2 <= bounds.y2;

/** The places tried around a marker: right, left, above, below, then the corners; further out ring by ring. */
function candidates(req: LabelRequest, size: TextSize): { x: number; y: number; anchor: PlacedLabel['anchor']; box: Box; ring: number; order: number }[] {
  const [cx, cy] = req.at;
  const out: ReturnType<typeof candidates> = [];
  const middle = (size.ascent - size.descent) / 2;
  for (let ring = 0; ring < RINGS; ring++) {
    const gap = req.r + 3 + ring * RING_STEP;
    const diagonal = gap * 0.75;
    const places: { x: number; y: number; anchor: PlacedLabel['anchor'] }[] = [
      { x: cx + gap, y: cy + middle, anchor: 'start' },
      { x: cx - gap, y: cy + middle, anchor: 'end' },
      { x: cx, y: cy - gap - size.descent, anchor: 'middle' },
      { x: cx, y: cy + gap + size.ascent, anchor: 'middle' },
      { x: cx + diagonal, y: cy - diagonal - size.descent, anchor: 'start' },
      { x: cx - diagonal, y: cy - diagonal - size.descent, anchor: 'end' },
      { x: cx + diagonal, y: cy + diagonal + size.ascent, anchor: 'start' },
      { x: cx - diagonal, y: cy + diagonal + size.ascent, anchor: 'end' },
    ];
    places.forEach((p, order) => {
      const x1 = p.anchor === 'start' ? p.x : p.anchor === 'end' ? p.x - size.width : p.x - size.width / 2;
      out.push({ ...p, box: { x1, y1: p.y - size.ascent, x2: x1 + size.width, y2: p.y + size.descent }, ring, order });
    });
  }
  return out;
}

/** The point of a box nearest to a point: where a leader line ends. */
function nearestPoint(b: Box, [x, y]: [number, number]): [number, number] {
  return [Math.min(Math.max(x, b.x1), b.x2), Math.min(Math.max(y, b.y1), b.y2)];
}

/**
 * Places every label, the most crowded first (they have the fewest free places), each at the
 * first free candidate: none of it over a label placed before, a hard obstacle other than its own
 * marker, or the edge; among those, the one covering the fewest soft obstacles, nearest first.
 * With no free candidate at all, the least bad one is taken and marked `forced`.
 */
export function layoutLabels(labels: readonly LabelRequest[], obstacles: readonly Obstacle[], bounds: Box, measure: (text: string, font: string) => TextSize): Map<string, PlacedLabel> {
  const crowd = (l: LabelRequest): number => labels.filter((o) => o !== l && Math.hypot(o.at[0] - l.at[0], o.at[1] - l.at[1]) < 80).length;
  const order = [...labels].sort((a, b) => crowd(b) - crowd(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const placed: Box[] = [];
  const out = new Map<string, PlacedLabel>();
  for (const req of order) {
    const size = measure(req.text, req.font);
    let best: { c: ReturnType<typeof candidates>[number]; hard: number; score: number } | undefined;
    for (const c of candidates(req, size)) {
      const padded = grow(c.box, PAD);
      let hard = inside(padded, bounds) ? 0 : 1;
      for (const b of placed) if (overlaps(padded, b)) hard++;
      let soft = 0;
      for (const o of obstacles) {
        if (o.owner === req.id || !overlaps(padded, o.box)) continue;
        if (o.hard) hard++;
        else soft++;
      }
      // Any hard overlap is worse than any number of soft ones; a base covered costs three rings out.
      const score = hard * 1000 + soft * 3 + c.ring;
      if (!best || score < best.score) best = { c, hard, score };
      // Nothing further out can beat a free place on this ring.
      if (hard === 0 && soft === 0) break;
    }
    if (!best) continue;
    const { c } = best;
    placed.push(c.box);
    const leader = c.ring > 0 ? { from: req.at, to: nearestPoint(c.box, req.at) } : undefined;
    out.set(req.id, { x: c.x, y: c.y, anchor: c.anchor, box: c.box, ...(leader ? { leader } : {}), forced: best.hard > 0 });
  }
  return out;
}
