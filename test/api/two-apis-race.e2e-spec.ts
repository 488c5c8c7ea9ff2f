import { TOPICS } from '@imc/contracts';
import { settled } from '../support/allocator-harness';
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
const C1 = 'race-crisis';

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

  it('publishes exactly one loan per raced loan, and both APIs show the same approval, in a round where both answered 202', async () => {
    await produce(TOPICS.missions, [msg('RACED', mission('RACED', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('RACER', mission('RACER', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(TOPICS.units, [1, 2, 3, 4, 5, 6, 7, 8].map((i) => msg(`race-heli-${i}`, unit(`race-heli-${i}`, 'RACED', 'utility-helicopter', T0))), broker.kafka);
    await produce(TOPICS.consents, consents('RACED', 'RACER', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);

    // Rounds: a new crisis needing one helicopter, both APIs on the proposal that lends it, six
    // approvals at once (three through each process, by two approvers). A round where only one
    // process answered 202 proves nothing of a race between processes, so rounds go on until
    // both have (or ROUNDS are spent, which fails the spec).
    const ROUNDS = 4;
    const rounds: { crisisId: string; loanId: string; proposalId: string; accepted: string[]; perApi: number[] }[] = [];
    for (let r = 1; r <= ROUNDS && !rounds.some((x) => x.perApi.every((n) => n === 1)); r++) {
      const crisisId = `${C1}-round-${r}`;
      const demandId = `${crisisId}/utility-helicopter`;
      await produce(TOPICS.crises, [msg(crisisId, crisis('imc.crisis.declared', crisisId, 'RACER', T0, { start: '2011-01-11T00:00:00Z', end: '2011-02-15T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 1, priority: 8 }]))], broker.kafka);
      const current = async (url: string) => {
        const res = await call<ProposalView>(url, 'GET', '/v1/proposals/current', 'viewer');
        return res.status === 200 && res.body.loans.some((l) => l.demandId === demandId && l.review === undefined) ? res.body : undefined;
      };
      // Both APIs on the same proposal with the loan before the race starts (the allocator may refine).
      const proposal = await eventually(async () => {
        const [a, b] = await Promise.all(apis.map((api) => current(api.url)));
        return a && b && a.proposalId === b.proposalId ? a : undefined;
      }, 60_000, `both APIs on the same proposal with ${demandId}`);
      const loan = proposal.loans.find((l) => l.demandId === demandId)!;
      const who: Who[] = ['approver', 'secondApprover'];
      const answers = await Promise.all(
        [0, 1, 2, 3, 4, 5].map((i) => call<{ decisionId: string }>(apis[i % 2].url, 'POST', `/v1/proposals/${proposal.proposalId}/decisions`, who[i % 2], { decision: 'approved', loanIds: [loan.loanId], reason: `race ${r}.${i}` })),
      );
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((st) => st === 202 || st === 409)).toBe(true);
      // Each process lets at most one through (it serialises its own requests on the loan).
      const perApi = [0, 1].map((k) => statuses.filter((st, i) => i % 2 === k && st === 202).length);
      expect(perApi.every((n) => n <= 1) && perApi.some((n) => n === 1)).toBe(true);
      rounds.push({ crisisId, loanId: loan.loanId, proposalId: proposal.proposalId, accepted: answers.filter((a) => a.status === 202).map((a) => a.body.decisionId), perApi });
      // Not a sleep: every decision consumed and nothing left to plan, three times in a row.
      await settled(allocator, broker.brokers, 'e2e-race', 60_000);
    }
    process.stderr.write(`[two-apis-race] 202s per API in each round: ${rounds.map((x) => x.perApi.join('+')).join(', ')}\n`);
    // Both processes answered 202 on the same loan in some round: the race took place.
    expect(rounds.some((x) => x.perApi.every((n) => n === 1))).toBe(true);

    // After the allocator settled: exactly one loan record per raced loan, approved, and no other.
    const all = (await readTopic(TOPICS.loans, broker.kafka)).map((r) => (JSON.parse(r.value) as { data: { loanId: string; unitIds: string[]; status: string } }).data);
    expect(all.map((l) => [l.loanId, l.status])).toEqual(rounds.map((x) => [x.loanId, 'approved']));

    // The allocator's ledger and both read models agree on which decision approved each.
    const ledger = (await (await fetch(`${allocator.url}/status`)).json()) as { ledger: { loans: string[] } };
    expect([...ledger.ledger.loans].sort()).toEqual(rounds.map((x) => `${x.loanId}:approved:${x.proposalId}`).sort());
    for (const round of rounds) {
      const reviews = await Promise.all(
        apis.map((api) =>
          eventually(async () => {
            const res = await call<ProposalView>(api.url, 'GET', `/v1/proposals/${round.proposalId}`, 'viewer');
            const review = res.body.loans.find((l) => l.loanId === round.loanId)?.review;
            // Once every accepted decision is read back, the review is the World's, not an in-flight one.
            const decisions = (res.body as unknown as { decisions: { decisionId: string }[] }).decisions.map((d) => d.decisionId);
            return review && round.accepted.every((id) => decisions.includes(id)) ? review.decisionId : undefined;
          }, 30_000, 'the API to read the decisions back'),
        ),
      );
      expect(reviews[0]).toBe(reviews[1]);
      expect(round.accepted).toContain(reviews[0]);
    }
  }, 300_000);
});
