import { TOPICS } from '@imc/contracts';
import type { Proposal } from '@imc/contracts';
import { compact, pdfInfo, pdfText, readWorkbook } from '@imc/platform/briefing/read-back';
import { produce } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { TOKENS, TOKEN_ENV } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, mission, msg, unit } from './support/world-events';

const T0 = '2011-01-01T00:00:00Z';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function download(url: string, who: keyof typeof TOKENS | 'none'): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await fetch(url, { headers: who === 'none' ? {} : { authorization: `Bearer ${TOKENS[who]}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

/**
 * The briefing from the API (issue 27, section 3), against the real allocator and planner-api on a
 * broker of their own: the PDF's text holds every loan and shortfall of the proposal the API
 * answers, and the workbook read back equals that answer.
 */
describe('GET /v1/proposals/{id}/briefing.pdf and .xlsx', () => {
  let broker: PrivateBroker;
  let allocator: ServiceHandle;
  let api: ServiceHandle;
  let proposal: Proposal;

  beforeAll(async () => {
    broker = await startPrivateBroker();
    const common = { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-briefing' };
    [allocator, api] = await Promise.all([
      startService('allocator', { ...common, ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' }),
      startService('planner-api', { ...common, IMC_API_TOKENS: TOKEN_ENV, IMC_ADVICE_BUDGET_MS: '60000', IMC_ADVICE_WORKERS: '1' }),
    ]);
    // A lender with 4 helicopters and 4 infantry companies, a borrower in crisis needing one of
    // each and an attack helicopter nobody holds: two loans and a shortfall.
    await produce(TOPICS.missions, [msg('BRD', mission('BRD', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('BRR', mission('BRR', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(
      TOPICS.units,
      [1, 2, 3, 4].flatMap((i) => [msg(`br-heli-${i}`, unit(`br-heli-${i}`, 'BRD', 'utility-helicopter', T0)), msg(`br-inf-${i}`, unit(`br-inf-${i}`, 'BRD', 'infantry-company', T0))]),
      broker.kafka,
    );
    await produce(TOPICS.consents, consents('BRD', 'BRR', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    const requirements = [
      { capability: 'utility-helicopter' as const, quantity: 1, priority: 8 },
      { capability: 'infantry-company' as const, quantity: 1, priority: 6 },
      { capability: 'attack-helicopter' as const, quantity: 1, priority: 5 },
    ];
    await produce(TOPICS.crises, [msg('br-crisis', crisis('imc.crisis.declared', 'br-crisis', 'BRR', '2011-01-02T00:00:00Z', { start: '2011-01-20T00:00:00Z', end: '2011-04-30T00:00:00Z' }, requirements))], broker.kafka);
    proposal = await eventually(async () => {
      const res = await fetch(`${api.url}/v1/proposals/current`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
      const p = res.status === 200 ? ((await res.json()) as Proposal) : undefined;
      return p && p.loans.length === 2 && p.unmet.length === 1 ? p : undefined;
    }, 60_000, 'a proposal with two loans and a shortfall');
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await allocator?.stop();
    await broker?.dispose();
  });

  it('answers an A4 PDF whose text holds every loan and shortfall of the proposal', async () => {
    const res = await download(`${api.url}/v1/proposals/${encodeURIComponent(proposal.proposalId)}/briefing.pdf`, 'viewer');
    expect([res.status, res.type, res.disposition]).toEqual([200, 'application/pdf', `attachment; filename="briefing-${proposal.proposalId.replace(':', '-')}.pdf"`]);
    const info = await pdfInfo(res.body);
    expect([info.pages, info.width, info.height]).toEqual([1, 595.28, 841.89]);
    const text = compact(await pdfText(res.body));
    expect(text).toContain(compact(`Briefing: proposal ${proposal.proposalId}`));
    expect(text).toContain(compact(`As of ${proposal.asOf}`));
    expect(text).toContain(compact(`solver ${proposal.solver.engine}, ${proposal.solver.status}`));
    for (const l of proposal.loans) {
      for (const part of [l.loanId, `${l.fromMission} > ${l.toMission}`, ...l.unitIds, l.arriveBy.slice(0, 10), `${Math.round(l.coverage * 100)}%`, Math.round(l.cost.total).toLocaleString('en-US'), l.criticalPath]) expect(text).toContain(compact(part));
    }
    for (const u of proposal.unmet) for (const part of [u.demandId, u.capability, String(u.shortfall), ...u.reasons.map((r) => r.reason)]) expect(text).toContain(compact(part));
  });

  it('answers a workbook that reads back as the API\'s answer', async () => {
    const res = await download(`${api.url}/v1/proposals/${encodeURIComponent(proposal.proposalId)}/briefing.xlsx`, 'viewer');
    expect([res.status, res.type]).toEqual([200, XLSX]);
    const sheets = await readWorkbook(res.body);
    expect(Object.keys(sheets)).toEqual(['Proposal', 'Loans', 'Consents to secure', 'Shortfalls', 'Levers']);
    expect(sheets.Loans.map((r) => [r.Loan, r.From, r.To, r.Capability, r.Quantity, r.Units, r.Contributor, r['Distance (km)'], r['Arrive by'], r['Return by'], r.Coverage, r['Transfer (USD)'], r['Sustainment per day (USD)'], r['Total cost (USD)'], r['Critical path']])).toEqual(
      proposal.loans.map((l) => [l.loanId, l.fromMission, l.toMission, l.capability, l.quantity, l.unitIds.join(', '), l.contributor, l.distanceKm, new Date(l.arriveBy), new Date(l.returnBy), l.coverage, l.cost.transfer, l.cost.sustainmentPerDay, l.cost.total, l.criticalPath]),
    );
    expect(sheets.Shortfalls.map((r) => [r.Demand, r.Mission, r.Capability, r.Shortfall])).toEqual(proposal.unmet.map((u) => [u.demandId, u.missionId, u.capability, u.shortfall]));
    const field = (name: string) => sheets.Proposal.find((r) => r.Field === name)?.Value;
    expect([field('Proposal'), field('As of'), field('Solver'), field('Loans')]).toEqual([proposal.proposalId, new Date(proposal.asOf), `${proposal.solver.engine} ${proposal.solver.status}`, proposal.loans.length]);
  });

  it('asks for a token and knows only the proposals it has', async () => {
    const path = `${api.url}/v1/proposals/${encodeURIComponent(proposal.proposalId)}/briefing.pdf`;
    expect((await download(path, 'none')).status).toBe(401);
    const unknown = await download(`${api.url}/v1/proposals/global%3A9999/briefing.xlsx`, 'viewer');
    expect([unknown.status, unknown.type.split(';')[0]]).toEqual([404, 'application/json']);
  });
});
