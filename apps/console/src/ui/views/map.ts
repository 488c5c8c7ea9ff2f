import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import countriesTopo from 'world-atlas/countries-110m.json';
import { h, s } from '../dom';
import { currencyOf, day, km, money, percent } from '../../format';
import { layoutLabels, type LabelRequest, type Obstacle, type TextSize } from '../../label-layout';
import { isOpen } from '../../loan-order';
import type { Base, Capability, Loan, LoanStatus, MissionView, Place, Places, ProposalView } from '../../model';
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

/**
 * Loans that need a planner's act get their own outline: overdue ones (past their return date),
 * and those the engine recommends ending (recall-recommended, or consent-lapsed: a consent behind
 * them ended). The rest of the loans under way are plain solid lines.
 */
const ATTENTION: Partial<Record<LoanStatus, 'overdue' | 'recall'>> = { overdue: 'overdue', 'recall-recommended': 'recall', 'consent-lapsed': 'recall' };

const MISSION_R = 7;
const SITE_R = 7;
const BASE_R = 3.5;
const LABEL_FONT = '700 13px';
const SITE_FONT = 'italic 600 12px';

// The country shapes are bundled (Natural Earth via world-atlas): the map works offline.
const topology = countriesTopo as unknown as Topology<{ countries: GeometryCollection }>;
const countries = feature(topology, topology.objects.countries);

/** Arcs for proposed loans bow out, more for each further loan between the same two places. */
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

function width(quantity: number): number {
  return Math.min(12, 2 + quantity * 1.5);
}

const placeKey = (p: { lat: number; lon: number }): string => `${p.lat},${p.lon}`;
/** An element id for a place: digits, with `p` for the decimal point and `m` for a minus. */
const placeId = (p: { lat: number; lon: number }): string => `${p.lat}_${p.lon}`.replace(/\./g, 'p').replace(/-/g, 'm');

/** Where a loan runs on the map, as the engine measures it: from its units' base to its demand's site. */
interface Ends {
  from: Place;
  fromLabel: string;
  to: Place;
  toLabel: string;
}

/** A crisis or demand site away from its mission's hq, with what is needed there. */
interface Site {
  place: Place;
  missionId: string;
  crises: string[];
  demands: string[];
}

type MapItem =
  | { kind: 'proposed'; loan: ProposalView['loans'][number]; ends: Ends }
  | { kind: 'loan'; loan: Loan; ends: Ends }
  | { kind: 'mission'; mission: MissionView }
  | { kind: 'site'; site: Site };

function describeItem(item: MapItem): string {
  if (item.kind === 'mission') return `${item.mission.missionId} (${item.mission.name}): ${STATUS_LABEL[item.mission.effectiveStatus] ?? item.mission.effectiveStatus}`;
  if (item.kind === 'site') return `${item.site.place.name ?? 'Site'} (${item.site.missionId}): ${[...item.site.crises.map((c) => `crisis ${c}`), ...item.site.demands.map((d) => `demand ${d}`)].join(', ')}`;
  const l = item.loan;
  const what = `${l.quantity} ${l.capability} from ${l.fromMission} to ${l.toMission}`;
  return item.kind === 'proposed' ? `Proposed: ${what}, arriving ${day(l.arriveBy)}` : `Loan ${item.loan.status}: ${what}, return by ${day(l.returnBy)}`;
}

function details(item: MapItem, currency: string): HTMLElement {
  const rows: [string, string][] = [];
  if (item.kind === 'mission') {
    const m = item.mission;
    rows.push(['Mission', `${m.missionId}: ${m.name}`], ['Host state', m.hostState], ['Region', m.region], ['Status', STATUS_LABEL[m.effectiveStatus] ?? m.effectiveStatus]);
  } else if (item.kind === 'site') {
    const site = item.site;
    rows.push(['Site', site.place.name ?? `${site.place.lat}, ${site.place.lon}`], ['Mission', site.missionId]);
    if (site.crises.length) rows.push(['Crises', site.crises.join(', ')]);
    if (site.demands.length) rows.push(['Demands', site.demands.join(', ')]);
  } else if (item.kind === 'proposed') {
    const l = item.loan;
    rows.push(
      ['Proposed loan', l.loanId],
      ['Demand', l.demandId],
      ['Units', `${l.quantity} ${l.capability} (${l.contributor})`],
      ['From', item.ends.fromLabel],
      ['To', item.ends.toLabel],
      ['Distance', km(l.distanceKm)],
      ['Arrives by', day(l.arriveBy)],
      ['Return by', day(l.returnBy)],
      ['Coverage', percent(l.coverage)],
      ['Cost', money(l.cost.total, currency)],
      ['Pending consents', l.pending.length ? l.pending.join(', ') : 'none'],
      ['Critical path', l.criticalPath],
    );
    if (l.review) rows.push(['Review', l.review.decision]);
  } else {
    const l = item.loan;
    rows.push(['Loan', l.loanId], ['Status', l.status], ['Demand', l.demandId], ['Units', `${l.quantity} ${l.capability}`], ['From', item.ends.fromLabel], ['To', item.ends.toLabel], ['Approved', day(l.approvedAt)], ['Arrives by', day(l.arriveBy)], ['Return by', day(l.returnBy)]);
  }
  return h('dl', { class: 'details' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Colours set through the CSSOM: the page's CSP refuses style attributes, not element.style. */
function swatch(kind: string, colour?: string): HTMLElement {
  const el = h('span', { class: `swatch ${kind}`, 'aria-hidden': 'true' });
  if (colour) el.style.background = colour;
  return el;
}

/** A map item's element id: stable across re-renders, so that the page keeps its focus and its details. */
function itemId(item: MapItem): string {
  if (item.kind === 'mission') return `map-mission-${item.mission.missionId}`;
  if (item.kind === 'site') return `map-site-${placeId(item.site.place)}`;
  return `map-${item.kind}-${item.loan.loanId}`;
}

/**
 * The item whose details the panel shows. The page is drawn again on every live update and late
 * answer (just after a sign-in, several arrive): the planner reading a loan's details, or tabbing
 * through the map, must not see them replaced by the panel's hint.
 */
let shownId: string | undefined;

/** Text sizes as the browser draws them, in the map's own units (its fonts are in px of the viewBox). */
let canvas: CanvasRenderingContext2D | null | undefined;
function measure(text: string, font: string): TextSize {
  canvas ??= document.createElement('canvas').getContext('2d');
  const size = Number(/(\d+)px/.exec(font)?.[1] ?? 13);
  if (!canvas) return { width: text.length * size * 0.62, ascent: size * 0.95, descent: size * 0.25 };
  canvas.font = `${font} ${getComputedStyle(document.documentElement).fontFamily}`;
  const m = canvas.measureText(text);
  return { width: m.width, ascent: m.fontBoundingBoxAscent || size * 0.95, descent: m.fontBoundingBoxDescent || size * 0.25 };
}

/** The places of the world, indexed: each unit's base, each demand's site. */
function indexPlaces(places: Places | undefined, missions: MissionView[]) {
  const baseOf = new Map<string, { missionId: string; base: Base }>();
  for (const m of places?.missions ?? []) for (const b of m.bases) for (const u of b.units) baseOf.set(u.unitId, { missionId: m.missionId, base: b });
  const demand = new Map((places?.demands ?? []).map((d) => [d.demandId, d]));
  const hq = new Map(missions.map((m) => [m.missionId, m.hq]));
  /** From the loan's units' base (its first unit's: a loan's units share one) to its demand's site; the hqs when the API does not say. */
  const ends = (l: { unitIds: string[]; demandId: string; fromMission: string; toMission: string }): Ends | undefined => {
    const base = baseOf.get(l.unitIds[0])?.base;
    const site = demand.get(l.demandId);
    const from = base && !base.atHq ? base : hq.get(l.fromMission);
    const to = site?.site ?? hq.get(l.toMission);
    if (!from || !to) return undefined;
    return {
      from,
      fromLabel: base && !base.atHq ? `${l.fromMission}, based at ${base.name ?? `${base.lat}, ${base.lon}`}` : `${l.fromMission} (headquarters)`,
      to,
      toLabel: site && site.siteFrom !== 'hq' ? `${l.toMission} at ${site.site.name ?? `${site.site.lat}, ${site.site.lon}`} (the demand's site)` : `${l.toMission} (headquarters)`,
    };
  };
  return { ends };
}

export function mapView(ctx: Ctx): HTMLElement {
  const { missions, proposal, loans, places } = ctx.state;
  const currency = currencyOf(proposal);
  const hint = (): HTMLElement => h('p', { class: 'muted' }, 'Hover over or tab to a mission, a site or a loan for its details.');
  const panel = h('div', { id: 'map-details', class: 'map-details', 'aria-live': 'polite' }, hint());
  const fill = (item: MapItem): void => panel.replaceChildren(h('h3', {}, describeItem(item)), details(item, currency));
  const show = (item: MapItem) => () => {
    shownId = itemId(item);
    fill(item);
  };
  let stillShown = false;
  const { ends } = indexPlaces(places, missions);

  const located = missions.filter((m) => Number.isFinite(m.hq.lat) && Number.isFinite(m.hq.lon));
  const open = loans.filter((l) => isOpen(l.status));
  const proposed = (proposal?.loans ?? []).filter((l) => l.review?.decision !== 'rejected');
  const openEnds = new Map(open.map((l) => [l.loanId, ends(l)]));
  const proposedEnds = new Map(proposed.map((l) => [l.loanId, ends(l)]));

  // Sites away from their mission's hq: those of the unresolved crises and open demands, and those a drawn loan ends at.
  const hqKeys = new Set(located.map((m) => placeKey(m.hq)));
  const sites = new Map<string, Site>();
  const addSite = (place: Place, missionId: string, what: { crisis?: string; demand?: string }): void => {
    const key = placeKey(place);
    if (hqKeys.has(key)) return;
    const site = sites.get(key) ?? { place, missionId, crises: [], demands: [] };
    sites.set(key, site);
    if (what.crisis && !site.crises.includes(what.crisis)) site.crises.push(what.crisis);
    if (what.demand && !site.demands.includes(what.demand)) site.demands.push(what.demand);
  };
  for (const c of places?.crises ?? []) if (c.siteFrom !== 'hq') addSite(c.site, c.missionId, { crisis: c.crisisId });
  const drawnDemands = new Set([...proposed, ...open].map((l) => l.demandId));
  for (const d of places?.demands ?? []) if (d.siteFrom !== 'hq' && (d.open || drawnDemands.has(d.demandId))) addSite(d.site, d.missionId, { demand: d.demandId });
  // One dot per mission and position: two names recorded at one position are one place on the map.
  const baseAt = new Map<string, { missionId: string; base: Base }>();
  for (const m of places?.missions ?? []) {
    for (const b of m.bases) {
      if (b.atHq || hqKeys.has(placeKey(b))) continue;
      const key = `${m.missionId}|${placeKey(b)}`;
      const held = baseAt.get(key);
      if (held) held.base = { ...held.base, name: [held.base.name, b.name].filter(Boolean).join(' / '), units: [...held.base.units, ...b.units] };
      else baseAt.set(key, { missionId: m.missionId, base: b });
    }
  }
  const bases = [...baseAt.values()];

  const projection = geoNaturalEarth1();
  const points: [number, number][] = [...located.map((m) => [m.hq.lon, m.hq.lat] as [number, number]), ...[...sites.values()].map((x) => [x.place.lon, x.place.lat] as [number, number]), ...bases.map((b) => [b.base.lon, b.base.lat] as [number, number])];
  if (points.length > 0) {
    // Frame the missions, their bases and sites with some margin around them, not the whole world.
    const pad = 12;
    const corners = points.flatMap(([lon, lat]) => [
      [lon - pad, lat - pad],
      [lon + pad, lat + pad],
    ]);
    projection.fitExtent([[10, 10], [WIDTH - 10, HEIGHT - 10]], { type: 'MultiPoint', coordinates: corners });
  } else projection.fitSize([WIDTH, HEIGHT], countries);
  const path = geoPath(projection);
  const project = (p: { lat: number; lon: number }): [number, number] | undefined => projection([p.lon, p.lat]) ?? undefined;
  const at = new Map<string, [number, number]>();
  for (const m of located) {
    const p = project(m.hq);
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
  const focusable = (item: MapItem, label: string, extra: Record<string, string>, ...children: SVGElement[]): SVGGElement => {
    if (itemId(item) === shownId) {
      fill(item);
      stillShown = true;
    }
    return s('g', { id: itemId(item), class: `item ${item.kind}`, tabindex: 0, role: 'img', 'aria-label': label, onmouseenter: show(item), onfocus: show(item), onclick: show(item), ...extra }, s('title', {}, label), ...children);
  };
  const coords = (p: Place): string => `${p.lat},${p.lon}`;

  // Units' bases away from their hq: small dots, for the mouse (a title each); the keyboard reaches them through the loans.
  const baseDots = s(
    'g',
    { class: 'bases', 'aria-hidden': 'true' },
    bases.flatMap(({ missionId, base }) => {
      const p = project(base);
      if (!p) return [];
      const counts = new Map<string, number>();
      for (const u of base.units) counts.set(u.capability, (counts.get(u.capability) ?? 0) + 1);
      const what = [...counts].map(([c, n]) => `${n} ${c}`).join(', ');
      return [s('circle', { cx: p[0], cy: p[1], r: BASE_R, class: 'base-dot', 'data-mission': missionId, 'data-lat': base.lat, 'data-lon': base.lon }, s('title', {}, `${missionId} base ${base.name ?? ''}: ${what}`))];
    }),
  );

  const solid = s(
    'g',
    { class: 'loans-open' },
    open.flatMap((l) => {
      const e = openEnds.get(l.loanId);
      const a = e && project(e.from);
      const b = e && project(e.to);
      if (!e || !a || !b) return [];
      const item: MapItem = { kind: 'loan', loan: l, ends: e };
      const attention = ATTENTION[l.status];
      const line = (cls: string, stroke: string, w: number) => s('line', { x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke, 'stroke-width': w, class: cls, 'data-from': coords(e.from), 'data-to': coords(e.to) });
      return [
        focusable(
          item,
          describeItem(item),
          { 'data-loan': l.loanId, 'data-status': l.status },
          ...(attention ? [line(`loan-halo halo-${attention}`, attention === 'overdue' ? '#c53030' : '#d69e2e', width(l.quantity) + 7)] : []),
          line(`loan-line status-${l.status}${attention ? ` attention-${attention}` : ''}`, capabilityColour(l.capability), width(l.quantity)),
        ),
      ];
    }),
  );
  const arcs = s(
    'g',
    { class: 'loans-proposed' },
    proposed.flatMap((l) => {
      const e = proposedEnds.get(l.loanId);
      const a = e && project(e.from);
      const b = e && project(e.to);
      if (!e || !a || !b) return [];
      const item: MapItem = { kind: 'proposed', loan: l, ends: e };
      return [
        focusable(
          item,
          describeItem(item),
          { 'data-loan': l.loanId, 'data-demand': l.demandId },
          s('path', { d: arcPath(a, b, nth(placeKey(e.from), placeKey(e.to))), stroke: capabilityColour(l.capability), 'stroke-width': width(l.quantity), class: 'loan-arc', fill: 'none', 'data-from': coords(e.from), 'data-to': coords(e.to) }),
        ),
      ];
    }),
  );

  // Names: the missions' and the sites', placed so that none covers another name or a dot.
  const siteList = [...sites.values()].flatMap((site) => {
    const p = project(site.place);
    return p ? [{ site, p }] : [];
  });
  const obstacles: Obstacle[] = [
    ...located.flatMap((m) => {
      const p = at.get(m.missionId);
      const r = MISSION_R + 1;
      return p ? [{ box: { x1: p[0] - r, y1: p[1] - r, x2: p[0] + r, y2: p[1] + r }, hard: true, owner: `mission:${m.missionId}` }] : [];
    }),
    ...siteList.map(({ site, p }) => ({ box: { x1: p[0] - SITE_R, y1: p[1] - SITE_R, x2: p[0] + SITE_R, y2: p[1] + SITE_R }, hard: true, owner: `site:${placeKey(site.place)}` })),
    ...bases.flatMap(({ base }) => {
      const p = project(base);
      return p ? [{ box: { x1: p[0] - BASE_R, y1: p[1] - BASE_R, x2: p[0] + BASE_R, y2: p[1] + BASE_R }, hard: false }] : [];
    }),
  ];
  const requests: LabelRequest[] = [
    ...located.flatMap((m) => (at.has(m.missionId) ? [{ id: `mission:${m.missionId}`, text: m.missionId, font: LABEL_FONT, at: at.get(m.missionId) as [number, number], r: MISSION_R }] : [])),
    ...siteList.filter(({ site }) => site.place.name).map(({ site, p }) => ({ id: `site:${placeKey(site.place)}`, text: site.place.name as string, font: SITE_FONT, at: p, r: SITE_R })),
  ];
  const labels = layoutLabels(requests, obstacles, { x1: 0, y1: 0, x2: WIDTH, y2: HEIGHT }, measure);
  const labelOf = (id: string, text: string, cls: string): SVGElement[] => {
    const l = labels.get(id);
    if (!l) return [];
    return [
      ...(l.leader ? [s('line', { x1: l.leader.from[0], y1: l.leader.from[1], x2: l.leader.to[0], y2: l.leader.to[1], class: 'label-leader' })] : []),
      s('text', { x: l.x.toFixed(1), y: l.y.toFixed(1), 'text-anchor': l.anchor, class: `map-label ${cls}`, 'data-owner': id }, text),
    ];
  };

  const siteMarks = s(
    'g',
    { class: 'sites' },
    siteList.map(({ site, p }) => {
      const item: MapItem = { kind: 'site', site };
      const d = `M${p[0]},${p[1] - SITE_R} L${p[0] + SITE_R},${p[1]} L${p[0]},${p[1] + SITE_R} L${p[0] - SITE_R},${p[1]} Z`;
      return focusable(item, describeItem(item), { 'data-lat': String(site.place.lat), 'data-lon': String(site.place.lon) }, s('path', { d, class: `site-mark${site.crises.length ? ' crisis-site' : ''}`, 'data-x': p[0].toFixed(1), 'data-y': p[1].toFixed(1), 'data-owner': `site:${placeKey(site.place)}` }));
    }),
  );
  const dots = s(
    'g',
    { class: 'missions' },
    located.flatMap((m) => {
      const p = at.get(m.missionId);
      if (!p) return [];
      const item: MapItem = { kind: 'mission', mission: m };
      return [focusable(item, describeItem(item), {}, s('circle', { cx: p[0], cy: p[1], r: MISSION_R, fill: STATUS_COLOUR[m.effectiveStatus] ?? '#4a5568', class: `mission-dot status-${m.effectiveStatus}`, 'data-owner': `mission:${m.missionId}` }))];
    }),
  );
  // Names above everything else, so that no line or dot drawn later hides them.
  const names = s(
    'g',
    { class: 'labels', 'aria-hidden': 'true' },
    located.flatMap((m) => labelOf(`mission:${m.missionId}`, m.missionId, 'mission-label')),
    siteList.flatMap(({ site }) => (site.place.name ? labelOf(`site:${placeKey(site.place)}`, site.place.name, 'site-label') : [])),
  );
  const svg = s(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'map', role: 'group', 'aria-label': `Map of ${located.length} missions, ${sites.size} crisis or demand sites, ${proposed.length} proposed loans and ${open.length} loans under way, each drawn from its units' base to its demand's site` },
    s('rect', { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: 'sea', 'aria-hidden': 'true' }),
    land,
    baseDots,
    solid,
    arcs,
    siteMarks,
    dots,
    names,
  );

  // The item shown before is gone (a loan returned, a new proposal): the panel says how to pick another.
  if (!stillShown) shownId = undefined;

  const used = [...new Set([...proposed, ...open].map((l) => l.capability))].sort();
  const legend = h(
    'div',
    { class: 'legend', id: 'map-legend' },
    h('h3', {}, 'Legend'),
    h('ul', { class: 'legend-list' },
      Object.entries(STATUS_LABEL).map(([k, label]) => h('li', {}, swatch('dot', STATUS_COLOUR[k]), `mission ${label}`)),
      h('li', { 'data-legend': 'base' }, swatch('base'), 'base of a mission\'s units'),
      h('li', { 'data-legend': 'site' }, swatch('site'), 'crisis or demand site'),
      h('li', {}, swatch('arc'), 'proposed loan (dashed arc; thicker = more units)'),
      h('li', {}, swatch('line'), 'approved or active loan (solid line)'),
      h('li', { 'data-legend': 'overdue' }, swatch('line halo-overdue'), 'overdue loan (red outline)'),
      h('li', { 'data-legend': 'recall' }, swatch('line halo-recall'), 'recall recommended or consent lapsed (amber outline)'),
    ),
    h('p', { class: 'muted small' }, 'Missions are drawn at their headquarters. Loans run from their units\' base to the demand\'s site, where distance, transit and cost are measured.'),
    used.length > 0 && h('ul', { class: 'legend-list' }, used.map((c) => h('li', {}, swatch('cap', capabilityColour(c)), c))),
  );

  return h(
    'section',
    { 'aria-labelledby': 'map-title' },
    h('h2', { id: 'map-title' }, 'Map', proposal && h('span', { class: 'subtitle' }, ` · proposal ${proposal.proposalId}, as of ${day(proposal.asOf)} · costs in ${currency}`)),
    h('div', { class: 'map-layout' }, h('div', { class: 'map-frame' }, svg), h('aside', { class: 'map-side', 'aria-label': 'Details' }, panel, legend)),
  );
}
