import type { Advice, Mission, Proposal } from '@imc/contracts';
import { proposedLoan } from '@imc/domain/testing/event.fixtures';
import { briefingPdf, briefingTables, briefingXlsx, mapFrame } from '.';
import { compact, pdfInfo, pdfText, readWorkbook } from './read-back';

const missions: Pick<Mission, 'missionId' | 'name' | 'hq'>[] = [
  { missionId: 'UNMIL', name: 'UN Mission in Liberia', hq: { lat: 6.31, lon: -10.8 } },
  { missionId: 'UNOCI', name: 'UN Operation in Cote d\'Ivoire', hq: { lat: 5.36, lon: -4.01 } },
  { missionId: 'MINUSTAH', name: 'UN Stabilization Mission in Haiti', hq: { lat: 18.54, lon: -72.34 } },
];

const proposal: Proposal = {
  proposalId: 'global:7',
  scope: 'global',
  version: 7,
  asOf: '2010-12-01T00:00:00.000Z',
  status: 'pending',
  solver: { engine: 'highs', status: 'time-limit', objective: 1234.5, solveMs: 40, variables: 10, constraints: 8 },
  loans: [
    proposedLoan({
      loanId: 'loan-aaa111',
      unitIds: ['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02'],
      coverage: 0.875,
      arriveBy: '2010-12-20T00:00:00.000Z',
      cost: { transfer: 1000, sustainmentPerDay: 250.5, total: 25_049.5 },
      criticalPath: 'consent',
      pending: ['contributor:PAK'],
      consents: [
        { item: 'contributor:PAK', status: 'pending', days: 9, expectedBy: '2010-12-10T00:00:00.000Z' },
        { item: 'council:UNSC', status: 'granted', days: 0, reference: 'S/RES/1951' },
      ],
    }),
    proposedLoan({ loanId: 'loan-bbb222', unitIds: ['UNMIL-heli-UKR-01'], capability: 'utility-helicopter', contributor: 'UKR', cost: { transfer: 5000, sustainmentPerDay: 900, total: 95_000 } }),
  ],
  unmet: [
    {
      demandId: 'c1/formed-police-unit',
      missionId: 'UNOCI',
      capability: 'formed-police-unit',
      shortfall: 2,
      reasons: [{ missionId: 'UNMIL', reason: 'consent-missing', detail: 'no contributor:BGD consent UNMIL->UNOCI', consents: ['contributor:BGD'] }],
    },
  ],
  posture: [],
  recalls: [],
  renewalsDue: [],
};

const advice: Advice = {
  proposalId: 'global:7',
  computedMs: 12,
  complete: true,
  levers: [
    { demandId: 'c1/formed-police-unit', lever: 'consent', target: 'contributor:BGD + council:UNSC UNMIL->UNOCI', change: 'granted by 2010-12-05', latestUseful: '2010-12-14T00:00:00.000Z', gain: { units: 2, coverageDays: 160, weightedShortfall: 8 }, cost: 40_000 },
    { demandId: 'c1/formed-police-unit', lever: 'reserve-floor', target: 'floor UNMIL/formed-police-unit', change: 'floor 3 -> 2', gain: { units: 1, coverageDays: 80, weightedShortfall: 4 }, cost: 9000 },
    { demandId: 'c1/infantry-company', lever: 'consent', target: 'contributor:PAK UNMIL->UNOCI', change: 'granted by 2010-12-03', latestUseful: '2010-12-12T00:00:00.000Z', gain: { units: 0, coverageDays: 6, weightedShortfall: 1 }, cost: 0 },
  ],
};

describe('a proposal\'s briefing', () => {
  it('lists the consents to secure: the loans\' pending ones (last useful from the advice) and the levers\' ones', () => {
    const t = briefingTables({ proposal, missions, advice });
    expect(t.consents).toEqual([
      { item: 'contributor:PAK', fromMission: 'UNMIL', toMission: 'UNOCI', status: 'pending', forWhat: 'loans loan-aaa111', expectedBy: new Date('2010-12-10'), lastUseful: new Date('2010-12-12') },
      { item: 'contributor:BGD', fromMission: 'UNMIL', toMission: 'UNOCI', status: 'to secure', forWhat: 'demand c1/formed-police-unit (+2 units)', lastUseful: new Date('2010-12-14') },
      { item: 'council:UNSC', fromMission: 'UNMIL', toMission: 'UNOCI', status: 'to secure', forWhat: 'demand c1/formed-police-unit (+2 units)', lastUseful: new Date('2010-12-14') },
      { item: 'contributor:PAK', fromMission: 'UNMIL', toMission: 'UNOCI', status: 'to secure', forWhat: 'demand c1/infantry-company (+0 units)', lastUseful: new Date('2010-12-12') },
    ]);
    // The best lever of a shortfall is the advice's first for that demand (the advice lists best first).
    expect(t.shortfalls[0].bestLever).toBe('consent contributor:BGD + council:UNSC UNMIL->UNOCI: granted by 2010-12-05 (+2 units)');
  });

  it('is an A4 PDF of one page whose text holds every loan and shortfall, the proposal id, asOf and the solver status', async () => {
    const pdf = await briefingPdf({ proposal, missions, advice });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const info = await pdfInfo(pdf);
    expect(info).toEqual({ pages: 1, width: 595.28, height: 841.89, title: 'Briefing: proposal global:7' });
    const text = compact(await pdfText(pdf));
    for (const l of proposal.loans) {
      for (const part of [l.loanId, `${l.fromMission}>${l.toMission}`, ...l.unitIds, l.arriveBy.slice(0, 10), `${Math.round(l.coverage * 100)}%`, Math.round(l.cost.total).toLocaleString('en-US'), l.criticalPath]) expect(text).toContain(compact(part));
    }
    for (const u of proposal.unmet) for (const part of [u.demandId, u.missionId, 'consent-missing', 'nocontributor:BGDconsent']) expect(text).toContain(compact(part));
    expect(text).toContain(compact('As of 2010-12-01T00:00:00.000Z'));
    expect(text).toContain(compact('solver highs, time-limit'));
    expect(text).toContain(compact('contributor:PAK pending by 2010-12-10'));
    expect(text).toContain('2010-12-14'); // the BGD consent's last useful day
  });

  it('says why there is no advice when there is none', async () => {
    const text = compact(await pdfText(await briefingPdf({ proposal, missions, adviceUnavailable: 'the proposal was superseded' })));
    expect(text).toContain(compact('Advice: none: the proposal was superseded'));
  });

  it('runs onto a second page, numbered, when the loans do not fit on one', async () => {
    const many = { ...proposal, loans: Array.from({ length: 24 }, (_, i) => proposedLoan({ loanId: `loan-${String(i).padStart(3, '0')}`, unitIds: [`UNMIL-inf-PAK-${i}`] })) };
    const pdf = await briefingPdf({ proposal: many, missions, advice });
    expect((await pdfInfo(pdf)).pages).toBe(2);
    const text = compact(await pdfText(pdf));
    for (const l of many.loans) expect(text).toContain(l.loanId);
    expect(text).toContain('page2of2');
  });

  it('is a workbook with one sheet per table and typed cells that read back as the proposal says', async () => {
    const sheets = await readWorkbook(await briefingXlsx({ proposal, missions, advice }));
    expect(Object.keys(sheets)).toEqual(['Proposal', 'Loans', 'Consents to secure', 'Shortfalls', 'Levers']);
    expect(sheets.Loans).toEqual(
      proposal.loans.map((l) =>
        expect.objectContaining({
          Loan: l.loanId,
          From: l.fromMission,
          To: l.toMission,
          Quantity: l.quantity,
          Units: l.unitIds.join(', '),
          'Arrive by': new Date(l.arriveBy),
          'Return by': new Date(l.returnBy),
          Coverage: l.coverage,
          'Total cost (USD)': l.cost.total,
          'Sustainment per day (USD)': l.cost.sustainmentPerDay,
          'Critical path': l.criticalPath,
        }),
      ),
    );
    expect(sheets.Shortfalls.map((s) => [s.Demand, s.Mission, s.Shortfall])).toEqual([['c1/formed-police-unit', 'UNOCI', 2]]);
    expect(sheets.Levers.map((s) => [s.Target, s['Latest useful'], s['Cost change (USD)']])).toEqual([
      ['contributor:BGD + council:UNSC UNMIL->UNOCI', new Date('2010-12-14'), 40_000],
      ['floor UNMIL/formed-police-unit', null, 9000],
      ['contributor:PAK UNMIL->UNOCI', new Date('2010-12-12'), 0],
    ]);
    expect(sheets.Proposal.find((r) => r.Field === 'As of')?.Value).toEqual(new Date(proposal.asOf));
  });

  it('projects the map into the area given, keeping north up and west left', () => {
    const area = { left: 36, top: 100, width: 520, height: 250 };
    const f = mapFrame([missions[0].hq, missions[1].hq], area);
    for (const m of missions.slice(0, 2)) {
      const p = f.project(m.hq.lat, m.hq.lon);
      expect(p.x).toBeGreaterThan(f.left);
      expect(p.x).toBeLessThan(f.left + f.width);
      expect(p.y).toBeGreaterThan(f.top);
      expect(p.y).toBeLessThan(f.top + f.height);
    }
    expect(f.width).toBeCloseTo(area.width, 6);
    expect(f.height).toBeCloseTo(area.height, 6);
    const unmil = f.project(6.31, -10.8);
    const unoci = f.project(5.36, -4.01);
    expect(unmil.x).toBeLessThan(unoci.x);
    expect(unmil.y).toBeLessThan(unoci.y);
    // Equirectangular at the box's latitude: a degree east is cos(lat) of a degree north.
    const k = Math.cos((((f.south + f.north) / 2) * Math.PI) / 180);
    expect((f.project(0, 1).x - f.project(0, 0).x) / (f.project(0, 0).y - f.project(1, 0).y)).toBeCloseTo(k, 6);
  });
});
