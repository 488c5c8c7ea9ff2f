import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import countriesTopo from 'world-atlas/countries-110m.json';
import { h, s } from '../dom';
import { day, km, money, percent } from '../../format';
import { isOpen } from '../../loan-order';
import type { Capability, Loan, MissionView, ProposalView } from '../../model';
import { CAPABILITIES } from '../../model';
import type { Ctx } from '../context';

const WIDTH = 960;
const HEIGHT = 520;

/** One colour per capability, distinguishable for the common colour-vision deficiencies (Okabe-Ito first). */
const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#8c564b', '#6a3d9a', '#b15928', '#1b7837', '#7f7f7f'];
export function capabilityColour(c: Capability): string {
  const i = CAPABILITIES.indexOf(c);
  return PALETTE[(i < 0 ? CAPABILITIES.length : i) % PALETTE.length];
}

const STATUS_COLOUR: Record<string, string> = { normal: '#2b6cb0', crisis: '#c53030', 'start-up': '#b7791f', drawdown: '#4a5568' };
const STATUS_LABEL: Record<string, string> = { normal: 'normal', crisis: 'in crisis', 'start-up': 'start-up', drawdown: 'drawdown' };

// The country shapes are bundled (Natural Earth via world-atlas): the map works offline.
const topology = countriesTopo as unknown as Topology<{ countries: GeometryCollection }>;
const countries = feature(topology, topology.objects.countries);

/** Arcs for proposed loans bow out, more for each further loan between the same two missions. */
function arcPath(a: [number, number], b: [number, number], nth: number): string {
  const [x1, y1] = a;
  const [x2, y2] = b;
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const bow = 0.18 + 0.12 * nth;
  return `M${x1.toFixed(1)},${y1.toFixed(1)} Q${(mx - dy * bow).toFixed(1)},${(my + dx * bow).toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

type Box = { x1: number; y1: number; x2: number; y2: number };
const overlaps = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * Missions share a region (UNDOF, UNIFIL and UNSMIS are a few km apart): each label takes the
 * first side of its dot (right, left, above, below) that overlaps no label placed before it and
 * no other dot, so that names stay readable. Boxes are estimated from the 13px bold font.
 */
function placeLabels(points: { id: string; at: [number, number] }[]): Map<string, { x: number; y: number; 'text-anchor': string }> {
  const placed: Box[] = points.map((p) => ({ x1: p.at[0] - 7, y1: p.at[1] - 7, x2: p.at[0] + 7, y2: p.at[1] + 7 }));
  const out = new Map<string, { x: number; y: number; 'text-anchor': string }>();
  for (const [i, p] of points.entries()) {
    const w = p.id.length * 8.5;
    const [x, y] = p.at;
    const sides = [
      { x: x + 10, y: y + 4, 'text-anchor': 'start', box: { x1: x + 10, y1: y - 8, x2: x + 10 + w, y2: y + 6 } },
      { x: x - 10, y: y + 4, 'text-anchor': 'end', box: { x1: x - 10 - w, y1: y - 8, x2: x - 10, y2: y + 6 } },
      { x, y: y - 11, 'text-anchor': 'middle', box: { x1: x - w / 2, y1: y - 23, x2: x + w / 2, y2: y - 9 } },
      { x, y: y + 22, 'text-anchor': 'middle', box: { x1: x - w / 2, y1: y + 10, x2: x + w / 2, y2: y + 24 } },
    ];
    const free = sides.find((side) => !placed.some((b, j) => j !== i && overlaps(side.box, b))) ?? sides[0];
    placed.push(free.box);
    out.set(p.id, { x: free.x, y: free.y, 'text-anchor': free['text-anchor'] });
  }
  return out;
}

function width(quantity: number): number {
  return Math.min(12, 2 + quantity * 1.5);
}

type MapItem = { kind: 'proposed'; loan: ProposalView['loans'][number] } | { kind: 'loan'; loan: Loan } | { kind: 'mission'; mission: MissionView };

function describeItem(item: MapItem): string {
  if (item.kind === 'mission') return `${item.mission.missionId} (${item.mission.name}): ${STATUS_LABEL[item.mission.effectiveStatus] ?? item.mission.effectiveStatus}`;
  const l = item.loan;
  const what = `${l.quantity} ${l.capability} from ${l.fromMission} to ${l.toMission}`;
  return item.kind === 'proposed' ? `Proposed: ${what}, arriving ${day(l.arriveBy)}` : `Loan ${item.loan.status}: ${what}, return by ${day(l.returnBy)}`;
}

function details(item: MapItem): HTMLElement {
  const rows: [string, string][] = [];
  if (item.kind === 'mission') {
    const m = item.mission;
    rows.push(['Mission', `${m.missionId}: ${m.name}`], ['Host state', m.hostState], ['Region', m.region], ['Status', STATUS_LABEL[m.effectiveStatus] ?? m.effectiveStatus]);
  } else if (item.kind === 'proposed') {
    const l = item.loan;
    rows.push(
      ['Proposed loan', l.loanId],
      ['Demand', l.demandId],
      ['Units', `${l.quantity} ${l.capability} (${l.contributor})`],
      ['From → to', `${l.fromMission} → ${l.toMission}, ${km(l.distanceKm)}`],
      ['Arrives by', day(l.arriveBy)],
      ['Return by', day(l.returnBy)],
      ['Coverage', percent(l.coverage)],
      ['Cost', money(l.cost.total)],
      ['Pending consents', l.pending.length ? l.pending.join(', ') : 'none'],
      ['Critical path', l.criticalPath],
    );
    if (l.review) rows.push(['Review', l.review.decision]);
  } else {
    const l = item.loan;
    rows.push(['Loan', l.loanId], ['Status', l.status], ['Demand', l.demandId], ['Units', `${l.quantity} ${l.capability}`], ['From → to', `${l.fromMission} → ${l.toMission}`], ['Approved', day(l.approvedAt)], ['Arrives by', day(l.arriveBy)], ['Return by', day(l.returnBy)]);
  }
  return h('dl', { class: 'details' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Colours set through the CSSOM: the page's CSP refuses style attributes, not element.style. */
function swatch(kind: string, colour: string): HTMLElement {
  const el = h('span', { class: `swatch ${kind}`, 'aria-hidden': 'true' });
  el.style.background = colour;
  return el;
}

/** A map item's element id: stable across re-renders, so that the page keeps its focus and its details. */
function itemId(item: MapItem): string {
  return item.kind === 'mission' ? `map-mission-${item.mission.missionId}` : `map-${item.kind}-${item.loan.loanId}`;
}

/**
 * The item whose details the panel shows. The page is drawn again on every live update and late
 * answer (just after a sign-in, several arrive): the planner reading a loan's details, or tabbing
 * through the map, must not see them replaced by the panel's hint.
 */
let shownId: string | undefined;

export function mapView(ctx: Ctx): HTMLElement {
  const { missions, proposal, loans } = ctx.state;
  const hint = (): HTMLElement => h('p', { class: 'muted' }, 'Hover over or tab to a mission or a loan for its details.');
  const panel = h('div', { id: 'map-details', class: 'map-details', 'aria-live': 'polite' }, hint());
  const fill = (item: MapItem): void => panel.replaceChildren(h('h3', {}, describeItem(item)), details(item));
  const show = (item: MapItem) => () => {
    shownId = itemId(item);
    fill(item);
  };
  let stillShown = false;

  const located = missions.filter((m) => Number.isFinite(m.hq.lat) && Number.isFinite(m.hq.lon));
  const projection = geoNaturalEarth1();
  if (located.length > 0) {
    // Frame the missions with some margin around them, not the whole world.
    const pad = 12;
    const corners = located.flatMap((m) => [
      [m.hq.lon - pad, m.hq.lat - pad],
      [m.hq.lon + pad, m.hq.lat + pad],
    ]);
    projection.fitExtent([[10, 10], [WIDTH - 10, HEIGHT - 10]], { type: 'MultiPoint', coordinates: corners });
  } else projection.fitSize([WIDTH, HEIGHT], countries);
  const path = geoPath(projection);
  const at = new Map<string, [number, number]>();
  for (const m of located) {
    const p = projection([m.hq.lon, m.hq.lat]);
    if (p) at.set(m.missionId, p);
  }

  const land = s('g', { class: 'land', 'aria-hidden': 'true' }, countries.features.map((f) => s('path', { d: path(f) ?? '' })));
  const pairCount = new Map<string, number>();
  const nth = (a: string, b: string): number => {
    const key = `${a}>${b}`;
    const n = pairCount.get(key) ?? 0;
    pairCount.set(key, n + 1);
    return n;
  };
  const focusable = (item: MapItem, label: string, ...children: SVGElement[]): SVGGElement => {
    if (itemId(item) === shownId) {
      fill(item);
      stillShown = true;
    }
    return s('g', { id: itemId(item), class: `item ${item.kind}`, tabindex: 0, role: 'img', 'aria-label': label, onmouseenter: show(item), onfocus: show(item), onclick: show(item) }, s('title', {}, label), ...children);
  };

  const open = loans.filter((l) => isOpen(l.status));
  const solid = s(
    'g',
    { class: 'loans-open' },
    open.flatMap((l) => {
      const a = at.get(l.fromMission);
      const b = at.get(l.toMission);
      if (!a || !b) return [];
      const item: MapItem = { kind: 'loan', loan: l };
      return [focusable(item, describeItem(item), s('line', { x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: capabilityColour(l.capability), 'stroke-width': width(l.quantity), class: `loan-line status-${l.status}` }))];
    }),
  );
  const proposed = (proposal?.loans ?? []).filter((l) => l.review?.decision !== 'rejected');
  const arcs = s(
    'g',
    { class: 'loans-proposed' },
    proposed.flatMap((l) => {
      const a = at.get(l.fromMission);
      const b = at.get(l.toMission);
      if (!a || !b) return [];
      const item: MapItem = { kind: 'proposed', loan: l };
      return [focusable(item, describeItem(item), s('path', { d: arcPath(a, b, nth(l.fromMission, l.toMission)), stroke: capabilityColour(l.capability), 'stroke-width': width(l.quantity), class: 'loan-arc', fill: 'none' }))];
    }),
  );
  const labels = placeLabels(located.flatMap((m) => (at.has(m.missionId) ? [{ id: m.missionId, at: at.get(m.missionId) as [number, number] }] : [])));
  const dots = s(
    'g',
    { class: 'missions' },
    located.flatMap((m) => {
      const p = at.get(m.missionId);
      if (!p) return [];
      const item: MapItem = { kind: 'mission', mission: m };
      return [
        focusable(
          item,
          describeItem(item),
          s('circle', { cx: p[0], cy: p[1], r: 7, fill: STATUS_COLOUR[m.effectiveStatus] ?? '#4a5568', class: `mission-dot status-${m.effectiveStatus}` }),
          s('text', { ...labels.get(m.missionId), class: 'mission-label' }, m.missionId),
        ),
      ];
    }),
  );
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map', role: 'group', 'aria-label': `Map of ${located.length} missions, ${proposed.length} proposed loans and ${open.length} loans under way` },
    s('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: 'sea', 'aria-hidden': 'true' }),
    land,
    solid,
    arcs,
    dots,
  );

  // The item shown before is gone (a loan returned, a new proposal): the panel says how to pick another.
  if (!stillShown) shownId = undefined;

  const used = [...new Set([...proposed, ...open].map((l) => l.capability))].sort();
  const legend = h(
    'div',
    { class: 'legend' },
    h('h3', {}, 'Legend'),
    h('ul', { class: 'legend-list' },
      Object.entries(STATUS_LABEL).map(([k, label]) => h('li', {}, swatch('dot', STATUS_COLOUR[k]), `mission ${label}`)),
      h('li', {}, h('span', { class: 'swatch arc', 'aria-hidden': 'true' }), 'proposed loan (dashed arc; thicker = more units)'),
      h('li', {}, h('span', { class: 'swatch line', 'aria-hidden': 'true' }), 'approved or active loan (solid line)'),
    ),
    used.length > 0 && h('ul', { class: 'legend-list' }, used.map((c) => h('li', {}, swatch('cap', capabilityColour(c)), c))),
  );

  return h(
    'section',
    { 'aria-labelledby': 'map-title' },
    h('h2', { id: 'map-title' }, 'Map', proposal && h('span', { class: 'subtitle' }, ` · proposal ${proposal.proposalId}, as of ${day(proposal.asOf)}`)),
    h('div', { class: 'map-layout' }, h('div', { class: 'map-frame' }, svg), h('aside', { class: 'map-side', 'aria-label': 'Details' }, panel, legend)),
  );
}
