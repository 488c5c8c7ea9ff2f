import { TOPICS } from '@imc/contracts';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV, Who } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, mission, msg, unit } from './support/world-events';

interface ProposalView {
  proposalId: string;
  loans: { loanId: string; demandId: string; unitIds: string[]; review?: { decisionId: string } }[];
}

const T0 = '2011-01-01T00:00:00Z';
const C1 = 'race-crisis-1';

/**
 * Issue 14, defect 4: two planner-api processes, the real allocator, and approvers racing on the
 * same loan through both. Each API only serialises its own requests, so both may answer 202; the
 * allocator's World (the one ledger) applies the first approval and ignores the others, so
 * imc.loans carries exactly one loan, and both APIs end up showing the same approving decision.
 */
describe('two API processes racing on one loan', () => {
  let broker: PrivateBroker;
  let allocator: ServiceHandle;
  const apis: ServiceHandle[] = [];

  beforeAll(async () => {
    broker = await startPrivateBroker();
    const common = { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-race' };
    allocator = await startService('allocator', { ...common, ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' });
    for (let i = 0; i < 2; i++) apis.push(await startService('planner-api', { ...common, IMC_API_TOKENS: TOKEN_ENV }));
  }, 180_000);

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await allocator?.stop();
    await broker?.dispose();
  });

  it('publishes exactly one loan, and both APIs show the same approval', async () => {
    await produce(TOPICS.missions, [msg('RACED', mission('RACED', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('RACER', mission('RACER', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(TOPICS.units, [1, 2, 3, 4].map((i) => msg(`race-heli-${i}`, unit(`race-heli-${i}`, 'RACED', 'utility-helicopter', T0))), broker.kafka);
    await produce(TOPICS.consents, consents('RACED', 'RACER', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await produce(TOPICS.crises, [msg(C1, crisis('imc.crisis.declared', C1, 'RACER', T0, { start: '2011-01-11T00:00:00Z', end: '2011-02-15T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], broker.kafka);

    // Both APIs must see the same current proposal with the loan before the race starts.
    const current = async (url: string) => {
      const res = await call<ProposalView>(url, 'GET', '/v1/proposals/current', 'viewer');
      return res.status === 200 && res.body.loans.some((l) => l.demandId === `${C1}/utility-helicopter`) ? res.body : undefined;
    };
    const seen = await Promise.all(apis.map((api) => eventually(() => current(api.url), 60_000, 'a proposal with the loan on both APIs')));
    // The allocator may still have been refining; wait until both show the same proposal.
    const proposal = await eventually(async () => {
      const [a, b] = await Promise.all(apis.map((api) => current(api.url)));
      return a && b && a.proposalId === b.proposalId ? a : undefined;
    }, 30_000, 'both APIs on the same proposal');
    expect(seen).toHaveLength(2);
    const loan = proposal.loans.find((l) => l.demandId === `${C1}/utility-helicopter`)!;

    // Six approvals at once, three through each process, by two approvers.
    const who: Who[] = ['approver', 'secondApprover'];
    const answers = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => call<{ decisionId: string }>(apis[i % 2].url, 'POST', `/v1/proposals/${proposal.proposalId}/decisions`, who[i % 2], { decision: 'approved', loanIds: [loan.loanId], reason: `race ${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);
    // Each process lets at most one through (it serialises its own requests on the loan).
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(2);

    const loans = await eventually(async () => {
      const records = (await readTopic(TOPICS.loans, broker.kafka)).map((r) => (JSON.parse(r.value) as { data: { loanId: string; unitIds: string[]; status: string } }).data);
      return records.length > 0 ? records : undefined;
    }, 30_000, 'the allocator to publish the loan');
    // Give a second, wrong loan time to appear before counting.
    await new Promise((r) => setTimeout(r, 3000));
    const all = (await readTopic(TOPICS.loans, broker.kafka)).map((r) => (JSON.parse(r.value) as { data: { loanId: string; unitIds: string[]; status: string } }).data);
    expect(all).toEqual(loans);
    expect(all.map((l) => [l.loanId, l.status])).toEqual([[loan.loanId, 'approved']]);

    // The allocator's ledger and both read models agree on which decision approved it.
    const ledger = (await (await fetch(`${allocator.url}/status`)).json()) as { ledger: { loans: string[] } };
    expect(ledger.ledger.loans).toEqual([`${loan.loanId}:approved:${proposal.proposalId}`]);
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.body.decisionId);
    const reviews = await Promise.all(
      apis.map((api) =>
        eventually(async () => {
          const res = await call<ProposalView>(api.url, 'GET', `/v1/proposals/${proposal.proposalId}`, 'viewer');
          const review = res.body.loans.find((l) => l.loanId === loan.loanId)?.review;
          // Once every accepted decision is read back, the review is the World's, not an in-flight one.
          const decisions = (res.body as unknown as { decisions: { decisionId: string }[] }).decisions.map((d) => d.decisionId);
          return review && accepted.every((id) => decisions.includes(id)) ? review.decisionId : undefined;
        }, 30_000, 'the API to read the decisions back'),
      ),
    );
    expect(reviews[0]).toBe(reviews[1]);
    expect(accepted).toContain(reviews[0]);
  });
});
