import { TOPICS } from '@imc/contracts';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, event, mission, msg, unit } from './support/world-events';

interface LoanView {
  loanId: string;
  demandId: string;
  unitIds: string[];
  quantity: number;
  fromMission: string;
  toMission: string;
}
interface ProposalView {
  proposalId: string;
  version: number;
  loans: LoanView[];
  unmet: { demandId: string; shortfall: number; reasons: { missionId: string; reason: string }[] }[];
}
interface AdviceView {
  proposalId: string;
  complete: boolean;
  levers: { demandId: string; lever: string; target: string; change: string; gain: { units: number; coverageDays: number; weightedShortfall: number }; cost: number }[];
}
interface PublishedLoan {
  loanId: string;
  unitIds: string[];
  status: string;
}

/**
 * The planner's loop with the real allocator and the real API on a broker of their own:
 * scenario -> proposal -> approve through the API -> the allocator publishes the loans -> the next
 * proposal does not reuse those units -> return through the API -> the units are available again.
 *
 * LOOPD holds 4 helicopters; the default floor keeps half, so it can lend 2 at a time. While 2 are
 * away, the advice on the second crisis's shortfall is to lower that floor (planned on the API's
 * worker threads).
 */
const T0 = '2011-01-01T00:00:00Z';
const C1 = 'loop-crisis-1';
const C2 = 'loop-crisis-2';
const d1 = `${C1}/utility-helicopter`;
const d2 = `${C2}/utility-helicopter`;

describe('the planner loop with the real allocator', () => {
  let broker: PrivateBroker;
  let allocator: ServiceHandle;
  let api: ServiceHandle;

  const current = async (): Promise<ProposalView | undefined> => {
    const res = await call<ProposalView>(api.url, 'GET', '/v1/proposals/current', 'viewer');
    return res.status === 200 ? res.body : undefined;
  };

  beforeAll(async () => {
    broker = await startPrivateBroker();
    const common = { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-loop' };
    allocator = await startService('allocator', { ...common, ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' });
    // A generous advice budget: the worker threads start from TypeScript on a busy machine.
    api = await startService('planner-api', { ...common, IMC_API_TOKENS: TOKEN_ENV, IMC_ADVICE_BUDGET_MS: '180000', IMC_ADVICE_WORKERS: '1' });
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await allocator?.stop();
    await broker?.dispose();
  });

  it('goes from scenario to proposal to approved loans, to a return, and the units come back', async () => {
    // 1. The scenario: a donor, a recipient, consents, and a crisis needing 2 helicopters.
    await produce(TOPICS.missions, [msg('LOOPD', mission('LOOPD', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('LOOPR', mission('LOOPR', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(
      TOPICS.units,
      [
        ...[1, 2, 3, 4].map((i) => msg(`loop-heli-${i}`, unit(`loop-heli-${i}`, 'LOOPD', 'utility-helicopter', T0))),
        ...[1, 2, 3, 4].map((i) => msg(`loop-inf-${i}`, unit(`loop-inf-${i}`, 'LOOPD', 'infantry-company', T0))),
      ],
      broker.kafka,
    );
    await produce(TOPICS.consents, consents('LOOPD', 'LOOPR', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await produce(TOPICS.crises, [msg(C1, crisis('imc.crisis.declared', C1, 'LOOPR', T0, { start: '2011-01-11T00:00:00Z', end: '2011-02-15T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], broker.kafka);

    // 2. The allocator proposes 2 helicopters for it; the API shows the proposal.
    const first = await eventually(async () => {
      const p = await current();
      return p && p.loans.filter((l) => l.demandId === d1).reduce((n, l) => n + l.quantity, 0) === 2 ? p : undefined;
    }, 60_000, 'a proposal lending 2 helicopters to LOOPR');
    const toApprove = first.loans.filter((l) => l.demandId === d1);
    const lentUnits = toApprove.flatMap((l) => l.unitIds);
    expect(toApprove.every((l) => l.fromMission === 'LOOPD' && l.toMission === 'LOOPR')).toBe(true);

    // 3. Approve through the API: 202 once the broker has the decision.
    const approved = await call<{ decisionId: string }>(api.url, 'POST', `/v1/proposals/${first.proposalId}/decisions`, 'approver', { decision: 'approved', loanIds: toApprove.map((l) => l.loanId), reason: 'loop' });
    expect(approved.status).toBe(202);

    // 4. The allocator publishes the loans on imc.loans; the API lists them.
    const published = await eventually(async () => {
      const loans = (await readTopic(TOPICS.loans, broker.kafka)).map((r) => (JSON.parse(r.value) as { data: PublishedLoan }).data);
      return toApprove.every((l) => loans.some((p) => p.loanId === l.loanId)) ? loans : undefined;
    }, 30_000, 'the allocator to publish the approved loans');
    expect(published.filter((p) => toApprove.some((l) => l.loanId === p.loanId)).every((p) => p.status === 'approved')).toBe(true);
    await eventually(async () => {
      const res = await call<PublishedLoan[]>(api.url, 'GET', '/v1/loans', 'viewer');
      return toApprove.every((l) => res.body.some((p) => p.loanId === l.loanId)) ? true : undefined;
    }, 20_000, 'the API to list the loans');

    // 5. A second crisis: the next proposal does not reuse the lent units; the donor is at its floor.
    await produce(TOPICS.crises, [msg(C2, crisis('imc.crisis.declared', C2, 'LOOPR', '2011-01-02T00:00:00Z', { start: '2011-01-20T00:00:00Z', end: '2011-07-31T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], broker.kafka);
    const second = await eventually(async () => {
      const p = await current();
      return p && p.version > first.version && p.unmet.some((u) => u.demandId === d2) ? p : undefined;
    }, 60_000, 'a proposal that sees the second crisis');
    expect(second.loans.flatMap((l) => l.unitIds).filter((u) => lentUnits.includes(u))).toEqual([]);
    expect(second.loans.some((l) => l.demandId === d1)).toBe(false);
    expect(second.unmet.find((u) => u.demandId === d2)?.reasons.map((r) => [r.missionId, r.reason])).toContainEqual(['LOOPD', 'reserve-floor']);
    const away = await call<{ capabilities: { capability: string; onLoanOut: number; available: number }[] }>(api.url, 'GET', '/v1/missions/LOOPD/posture', 'viewer');
    expect(away.body.capabilities.find((c) => c.capability === 'utility-helicopter')).toMatchObject({ onLoanOut: 2, available: 2 });

    // 5b. Advice on the current proposal: the floor lowered by 1 or 2 lends 1 or 2 more; any role reads it, no token none.
    expect((await call(api.url, 'GET', `/v1/proposals/${second.proposalId}/advice`, 'none')).status).toBe(401);
    const advice = await eventually(async () => {
      const now = await current();
      if (!now) return undefined;
      const res = await call<AdviceView>(api.url, 'GET', `/v1/proposals/${now.proposalId}/advice`, 'viewer');
      return res.status === 200 ? res.body : undefined;
    }, 240_000, 'advice on the current proposal');
    expect(advice.complete).toBe(true);
    expect(advice.levers.filter((l) => l.demandId === d2).map((l) => [l.lever, l.target, l.gain.units])).toEqual([
      ['reserve-floor', 'floor LOOPD/utility-helicopter', 2],
      ['reserve-floor', 'floor LOOPD/utility-helicopter', 1],
    ]);
    const kept = await call<AdviceView>(api.url, 'GET', `/v1/proposals/${advice.proposalId}/advice`, 'approver');
    expect([kept.status, kept.body]).toEqual([200, advice]);

    // 6. Return through the API after the first crisis is over. The world's clock gets there by
    // an event of that time: a return is stamped with the world's asOf and never moves the clock
    // itself (issue 26 item 1; this spec used to rely on the return's date doing it).
    await produce(TOPICS.clock, [msg('clock', event('imc.clock.ticked', '2011-02-20T00:00:00Z', {}))], broker.kafka);
    await eventually(async () => (((await (await fetch(`${allocator.url}/status`)).json()) as { asOf: string | null }).asOf === '2011-02-20T00:00:00.000Z' ? true : undefined), 60_000, 'the allocator at the tick');
    for (const loan of toApprove) {
      const res = await call(api.url, 'POST', `/v1/loans/${loan.loanId}/return`, 'planner', { returnedAt: '2011-02-20T00:00:00Z' });
      expect(res.status).toBe(202);
    }

    // 7. The units are available again: the allocator marks the loans returned and lends 2 for the second crisis.
    await eventually(async () => {
      const res = await call<PublishedLoan[]>(api.url, 'GET', '/v1/loans?status=returned', 'viewer');
      return toApprove.every((l) => res.body.some((p) => p.loanId === l.loanId)) ? true : undefined;
    }, 30_000, 'the loans to be returned');
    const third = await eventually(async () => {
      const p = await current();
      return p && p.loans.filter((l) => l.demandId === d2).reduce((n, l) => n + l.quantity, 0) === 2 ? p : undefined;
    }, 60_000, 'a proposal lending 2 helicopters for the second crisis');
    expect(third.loans.every((l) => l.fromMission === 'LOOPD')).toBe(true);
    const back = await call<{ capabilities: { capability: string; onLoanOut: number; available: number; held: number }[] }>(api.url, 'GET', '/v1/missions/LOOPD/posture', 'viewer');
    expect(back.body.capabilities.find((c) => c.capability === 'utility-helicopter')).toMatchObject({ held: 4, onLoanOut: 0, available: 4 });
  }, 600_000);
});
