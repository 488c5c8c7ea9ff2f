import PDFDocument from 'pdfkit';
import { graticuleStep, mapFrame, XY } from './briefing-map';
import { BriefingInput, BriefingTables, briefingTables } from './briefing-tables';

type Doc = PDFKit.PDFDocument;

const MARGIN = 36;
const A4 = { width: 595.28, height: 841.89 };
const INK = '#1b1b1b';
const MUTED = '#6b6b6b';
const LOAN = '#1f5fbf';
const APPROVED = '#2e7d32';
const SHORT = '#c62828';

const isoDay = (d: Date | undefined): string => (d ? d.toISOString().slice(0, 10) : '');
const money = (n: number, currency: string): string => `${Math.round(n).toLocaleString('en-US')} ${currency}`;

interface Col {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** A table that wraps its cells and continues on the next page with its header again. */
function table(doc: Doc, cols: Col[], rows: string[][]): void {
  const left = MARGIN;
  const total = cols.reduce((s, c) => s + c.width, 0);
  const scale = (A4.width - 2 * MARGIN) / total;
  const widths = cols.map((c) => c.width * scale);
  const bottom = A4.height - MARGIN - 14;
  const heightOf = (cells: string[], bold: boolean): number => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7);
    return Math.max(...cells.map((text, i) => doc.heightOfString(text || ' ', { width: widths[i] - 4 }))) + 4;
  };
  const drawRow = (cells: string[], bold: boolean, shade: boolean): void => {
    const h = heightOf(cells, bold);
    const y = doc.y;
    if (shade) doc.rect(left, y, A4.width - 2 * MARGIN, h).fill('#eef1f5');
    doc.fillColor(INK).font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7);
    let x = left;
    cells.forEach((text, i) => {
      doc.text(text, x + 2, y + 2, { width: widths[i] - 4, align: cols[i].align ?? 'left' });
      x += widths[i];
    });
    doc.moveTo(left, y + h).lineTo(A4.width - MARGIN, y + h).lineWidth(0.3).strokeColor('#c8c8c8').stroke();
    doc.x = left;
    doc.y = y + h;
  };
  const header = cols.map((c) => c.header);
  if (doc.y + heightOf(header, true) + heightOf(rows[0] ?? [''], false) > bottom) doc.addPage();
  drawRow(header, true, true);
  for (const row of rows) {
    if (doc.y + heightOf(row, false) > bottom) {
      doc.addPage();
      drawRow(header, true, true);
    }
    drawRow(row, false, false);
  }
}

function heading(doc: Doc, text: string, note?: string): void {
  if (doc.y > A4.height - MARGIN - 60) doc.addPage();
  doc.moveDown(0.6).fillColor(INK).font('Helvetica-Bold').fontSize(10).text(text, MARGIN, doc.y);
  if (note) doc.font('Helvetica').fontSize(7).fillColor(MUTED).text(note, MARGIN, doc.y, { width: A4.width - 2 * MARGIN });
  doc.moveDown(0.2).fillColor(INK);
}

function arrowHead(doc: Doc, tip: XY, from: XY, size: number, color: string): void {
  const a = Math.atan2(tip.y - from.y, tip.x - from.x);
  const p = (d: number): [number, number] => [tip.x - size * Math.cos(a + d), tip.y - size * Math.sin(a + d)];
  doc.polygon([tip.x, tip.y], p(0.45), p(-0.45)).fill(color);
}

/** The map: missions' HQs as dots, loans as arrows from lender to borrower (one per pair, with its units). */
function drawMap(doc: Doc, input: BriefingInput, t: BriefingTables, area: { left: number; top: number; width: number; height: number }): void {
  const p = input.proposal;
  const hq = new Map(input.missions.map((m) => [m.missionId, m]));
  const involved = new Set<string>([...p.loans.flatMap((l) => [l.fromMission, l.toMission]), ...p.unmet.map((u) => u.missionId)]);
  const placed = [...involved].filter((id) => hq.has(id));
  const framed = placed.length > 0 ? placed.map((id) => hq.get(id)!.hq) : input.missions.map((m) => m.hq);
  const f = mapFrame(framed, area);

  doc.save();
  doc.rect(f.left, f.top, f.width, f.height).fill('#f4f7fb');
  doc.rect(f.left, f.top, f.width, f.height).clip();
  // Graticule, labelled on the frame.
  const step = graticuleStep(Math.max(f.east - f.west, f.north - f.south));
  doc.lineWidth(0.3).strokeColor('#d5dbe3');
  for (let lon = Math.ceil(f.west / step) * step; lon <= f.east; lon += step) {
    const a = f.project(f.north, lon);
    const b = f.project(f.south, lon);
    doc.moveTo(a.x, a.y).lineTo(b.x, b.y).stroke();
    doc.font('Helvetica').fontSize(5.5).fillColor(MUTED).text(`${Math.abs(lon)}°${lon < 0 ? 'W' : lon > 0 ? 'E' : ''}`, a.x + 1.5, f.top + f.height - 8, { lineBreak: false });
  }
  for (let lat = Math.ceil(f.south / step) * step; lat <= f.north; lat += step) {
    const a = f.project(lat, f.west);
    const b = f.project(lat, f.east);
    doc.moveTo(a.x, a.y).lineTo(b.x, b.y).stroke();
    doc.font('Helvetica').fontSize(5.5).fillColor(MUTED).text(`${Math.abs(lat)}°${lat < 0 ? 'S' : lat > 0 ? 'N' : ''}`, f.left + 2, a.y - 7, { lineBreak: false });
  }

  // Loans, one arrow per lender and borrower, bent to the right so that two ways do not overlap.
  const pairs = new Map<string, { from: string; to: string; units: number; approved: boolean }>();
  for (const l of p.loans) {
    const key = `${l.fromMission}>${l.toMission}`;
    const pair = pairs.get(key) ?? { from: l.fromMission, to: l.toMission, units: 0, approved: true };
    pair.units += l.quantity;
    pair.approved = pair.approved && l.review?.decision === 'approved';
    pairs.set(key, pair);
  }
  const labels: { x: number; y: number; w: number; h: number }[] = [];
  const dots = [...hq.values()].filter((m) => m.hq.lat >= f.south && m.hq.lat <= f.north && m.hq.lon >= f.west && m.hq.lon <= f.east);
  for (const m of dots) {
    const c = f.project(m.hq.lat, m.hq.lon);
    labels.push({ x: c.x - 4, y: c.y - 4, w: 8, h: 8 });
  }
  for (const pair of pairs.values()) {
    const a = hq.get(pair.from);
    const b = hq.get(pair.to);
    if (!a || !b) continue;
    const s = f.project(a.hq.lat, a.hq.lon);
    const e = f.project(b.hq.lat, b.hq.lon);
    const dx = e.x - s.x;
    const dy = e.y - s.y;
    const len = Math.hypot(dx, dy) || 1;
    // Stop short of the dots.
    const s2 = { x: s.x + (dx / len) * 5, y: s.y + (dy / len) * 5 };
    const e2 = { x: e.x - (dx / len) * 6, y: e.y - (dy / len) * 6 };
    const bend = Math.min(len * 0.18, 30);
    const c = { x: (s.x + e.x) / 2 - (dy / len) * bend, y: (s.y + e.y) / 2 + (dx / len) * bend };
    const color = pair.approved ? APPROVED : LOAN;
    doc.lineWidth(Math.min(1 + pair.units * 0.5, 4)).strokeColor(color).moveTo(s2.x, s2.y).quadraticCurveTo(c.x, c.y, e2.x, e2.y).stroke();
    arrowHead(doc, e2, c, 7, color);
    const mid = { x: 0.25 * s2.x + 0.5 * c.x + 0.25 * e2.x, y: 0.25 * s2.y + 0.5 * c.y + 0.25 * e2.y };
    const text = `${pair.units}`;
    doc.font('Helvetica-Bold').fontSize(7);
    const w = doc.widthOfString(text) + 4;
    doc.roundedRect(mid.x - w / 2, mid.y - 5, w, 10, 2).fill('#ffffff');
    doc.fillColor(color).text(text, mid.x - w / 2 + 2, mid.y - 3.5, { lineBreak: false });
  }

  // Missions: a dot at the HQ, a red ring where a demand is short; labels placed where they hide nothing.
  const short = new Set(p.unmet.map((u) => u.missionId));
  for (const m of dots) {
    const c = f.project(m.hq.lat, m.hq.lon);
    const active = involved.has(m.missionId);
    doc.circle(c.x, c.y, active ? 3.2 : 2.2).fill(active ? INK : '#9aa3ad');
    if (short.has(m.missionId)) doc.circle(c.x, c.y, 6).lineWidth(1.2).strokeColor(SHORT).stroke();
    doc.font(active ? 'Helvetica-Bold' : 'Helvetica').fontSize(active ? 7.5 : 6);
    const w = doc.widthOfString(m.missionId);
    const h = 8;
    const spots = [
      { x: c.x + 7, y: c.y - h / 2 },
      { x: c.x - 7 - w, y: c.y - h / 2 },
      { x: c.x - w / 2, y: c.y - 8 - h },
      { x: c.x - w / 2, y: c.y + 8 },
      { x: c.x + 7, y: c.y - h - 4 },
      { x: c.x + 7, y: c.y + 4 },
    ];
    const inside = spots.filter((sp) => sp.x >= f.left + 2 && sp.x + w <= f.left + f.width - 2 && sp.y >= f.top + 2 && sp.y + h <= f.top + f.height - 10);
    const free = inside.find((sp) => !labels.some((r) => sp.x < r.x + r.w && sp.x + w > r.x && sp.y < r.y + r.h && sp.y + h > r.y)) ?? spots[0];
    labels.push({ x: free.x, y: free.y, w, h });
    doc.fillColor(active ? INK : MUTED).text(m.missionId, free.x, free.y, { lineBreak: false });
  }
  doc.restore();
  doc.rect(f.left, f.top, f.width, f.height).lineWidth(0.5).strokeColor('#9aa3ad').stroke();

  // Legend, under the map.
  const y = f.top + f.height + 5;
  let x = f.left;
  doc.font('Helvetica').fontSize(6.5);
  const item = (draw: (x: number) => void, text: string): void => {
    draw(x);
    doc.fillColor(INK).text(text, x + 16, y, { lineBreak: false });
    x += 16 + doc.widthOfString(text) + 12;
  };
  item((x0) => doc.circle(x0 + 6, y + 3, 3).fill(INK), 'mission HQ');
  item((x0) => doc.circle(x0 + 6, y + 3, 5).lineWidth(1.2).strokeColor(SHORT).stroke(), 'a demand short');
  item((x0) => doc.lineWidth(1.5).strokeColor(LOAN).moveTo(x0, y + 3).lineTo(x0 + 12, y + 3).stroke(), 'proposed loans, lender to borrower (units)');
  item((x0) => doc.lineWidth(1.5).strokeColor(APPROVED).moveTo(x0, y + 3).lineTo(x0 + 12, y + 3).stroke(), 'approved');
  doc.x = MARGIN;
  doc.y = y + 12;
  void t;
}

/**
 * The briefing as an A4 PDF (pdfkit, vector graphics, the standard fonts): the proposal's id, asOf
 * and solver status, the map, the loans, the consents to secure, the shortfalls with their reasons
 * and best levers. One page for a small proposal, two for a large one; every page numbered.
 */
export function briefingPdf(input: BriefingInput): Promise<Buffer> {
  const t = briefingTables(input);
  const p = input.proposal;
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `Briefing: proposal ${p.proposalId}`, Author: 'imc-allocator', CreationDate: new Date(p.asOf) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.fillColor(INK).font('Helvetica-Bold').fontSize(15).text(`Briefing: proposal ${p.proposalId}`, MARGIN, MARGIN);
  const units = p.loans.reduce((s, l) => s + l.quantity, 0);
  const cost = p.loans.reduce((s, l) => s + l.cost.total, 0);
  const shortUnits = p.unmet.reduce((s, u) => s + u.shortfall, 0);
  doc.font('Helvetica').fontSize(8.5).fillColor(INK)
    .text(`As of ${p.asOf} · scope ${p.scope} · version ${p.version} · ${p.status} · solver ${p.solver.engine}, ${p.solver.status} (objective ${Number(p.solver.objective.toFixed(2))}, ${p.solver.solveMs} ms)`)
    .text(`${p.loans.length} loans, ${units} units, ${money(cost, t.currency)} in all · ${p.unmet.length} demands short by ${shortUnits} units`);
  const advice = t.summary.find((s) => s.label === 'Advice')!.value;
  doc.fillColor(MUTED).fontSize(7).text(`Advice: ${String(advice)}${input.advice?.note ? ` (${input.advice.note})` : ''}`, { width: A4.width - 2 * MARGIN });

  drawMap(doc, input, t, { left: MARGIN, top: doc.y + 6, width: A4.width - 2 * MARGIN, height: 250 });

  heading(doc, 'Loans', 'Arrival is the planned arrival at the borrower; coverage the share of the demand window covered; the critical path names the longest delay.');
  if (t.loans.length === 0) doc.font('Helvetica').fontSize(8).text('No loan is proposed.');
  else
    table(
      doc,
      [
        { header: 'Loan', width: 80 },
        { header: 'From > to', width: 48 },
        { header: 'Units', width: 95 },
        { header: 'Arrive', width: 42 },
        { header: 'Coverage', width: 34, align: 'right' },
        { header: `Cost (${t.currency})`, width: 44, align: 'right' },
        { header: 'Consents', width: 95 },
        { header: 'Critical path', width: 44 },
      ],
      t.loans.map((l) => [
        `${l.loanId}${l.review !== 'proposed' ? ` (${l.review})` : ''}`,
        `${l.fromMission} > ${l.toMission}`,
        `${l.quantity} ${l.capability} (${l.contributor}): ${l.units}`,
        isoDay(l.arriveBy),
        `${Math.round(l.coverage * 100)}%`,
        Math.round(l.totalCost).toLocaleString('en-US'),
        l.consents || 'none needed',
        l.criticalPath,
      ]),
    );

  heading(doc, 'Consents to secure', 'Pending consents the proposed loans wait for, and consents the advice says would reduce a shortfall; last useful: the last day a grant still gives its gain.');
  if (t.consents.length === 0) doc.font('Helvetica').fontSize(8).text('None: every consent the loans need is granted.');
  else
    table(
      doc,
      [
        { header: 'Consent', width: 70 },
        { header: 'From > to', width: 50 },
        { header: 'Status', width: 40 },
        { header: 'For', width: 130 },
        { header: 'Expected by', width: 45 },
        { header: 'Last useful', width: 45 },
      ],
      t.consents.map((c) => [c.item, `${c.fromMission} > ${c.toMission}`, c.status, c.forWhat, isoDay(c.expectedBy) || '-', isoDay(c.lastUseful) || 'not measured']),
    );

  heading(doc, 'Shortfalls', 'Demands the proposal does not meet, why (per candidate lender), and the lever the advice measured as best.');
  if (t.shortfalls.length === 0) doc.font('Helvetica').fontSize(8).text('None: every demand is met.');
  else
    table(
      doc,
      [
        { header: 'Demand', width: 70 },
        { header: 'Mission', width: 42 },
        { header: 'Capability', width: 60 },
        { header: 'Short', width: 24, align: 'right' },
        { header: 'Reasons', width: 152 },
        { header: 'Best lever', width: 110 },
      ],
      t.shortfalls.map((s) => [s.demandId, s.missionId, s.capability, String(s.shortfall), s.reasons, s.bestLever || '-']),
    );

  if (t.levers.length > 0) {
    heading(doc, 'Best levers', 'Measured by planning the world with each change; best first.');
    table(
      doc,
      [
        { header: 'Demand', width: 70 },
        { header: 'Lever', width: 50 },
        { header: 'Target', width: 110 },
        { header: 'Change', width: 90 },
        { header: 'Latest useful', width: 45 },
        { header: 'Gain', width: 60 },
        { header: `Cost (${t.currency})`, width: 45, align: 'right' },
      ],
      t.levers.slice(0, 12).map((l) => [l.demandId, l.lever, l.target, l.change, isoDay(l.latestUseful), `+${l.gainUnits} units, +${l.gainCoverageDays} days`, Math.round(l.cost).toLocaleString('en-US')]),
    );
  }

  // Every page: the proposal and its number.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(6.5).fillColor(MUTED).text(`imc-allocator briefing · proposal ${p.proposalId} · as of ${p.asOf} · page ${i + 1} of ${range.count}`, MARGIN, A4.height - MARGIN + 10, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
