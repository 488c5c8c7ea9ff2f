import { rmSync } from 'node:fs';
import { TOPICS } from '@imc/contracts';
import { LocalKafka } from '../../scripts/kafka/local-kafka';
import { client, privateBroker } from '../support/allocator-harness';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV } from './support/api-client';
import { consents, crisis, mission, msg, unit } from './support/world-events';

interface ProposalView {
  proposalId: string;
  loans: { loanId: string; demandId: string }[];
  decisions: { decisionId: string; loanIds: string[] }[];
}

const T0 = '2011-01-01T00:00:00Z';
const C1 = 'idem-crisis-1';

/**
 * Issue 26 item 2: writes a client can retry. Two planner-api processes and the real allocator on
 * a broker of the spec's own: a duplicate POST with the same Idempotency-Key, through either
 * process and after a restart, answers the first Decision and records one; another body under the
 * key answers 422; a POST that got 503 while the broker was down names its event id, and the retry
 * with the same key records that event once.
 */
describe('Idempotency-Key on the planner API', () => {
  let local: LocalKafka;
  let dataDir: string;
  let allocator: ServiceHandle;
  const apis: ServiceHandle[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    const own = await privateBroker();
    local = own.kafka;
    dataDir = own.dataDir;
    env = { KAFKA_BROKERS: local.brokers, IMC_INSTANCE: 'e2e-idem', IMC_API_TOKENS: TOKEN_ENV };
    allocator = await startService('allocator', { KAFKA_BROKERS: local.brokers, IMC_INSTANCE: 'e2e-idem', ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' });
    for (let i = 0; i < 2; i++) apis.push(await startService('planner-api', env));
  }, 180_000);

  afterAll(async () => {
    for (const api of apis) await api.stop();
    await allocator?.stop();
    await local?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('records a keyed write once across retries, processes, a restart and a broker outage; 422 for another body', async () => {
    const kafka = client(local.brokers);
    await produce(TOPICS.missions, [msg('IDEMA', mission('IDEMA', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('IDEMB', mission('IDEMB', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], kafka);
    await produce(TOPICS.units, [1, 2, 3, 4].map((i) => msg(`idem-heli-${i}`, unit(`idem-heli-${i}`, 'IDEMA', 'utility-helicopter', T0))), kafka);
    await produce(TOPICS.consents, consents('IDEMA', 'IDEMB', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), kafka);
    await produce(TOPICS.crises, [msg(C1, crisis('imc.crisis.declared', C1, 'IDEMB', T0, { start: '2011-01-11T00:00:00Z', end: '2011-02-15T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], kafka);
    const current = async (url: string) => {
      const res = await call<ProposalView>(url, 'GET', '/v1/proposals/current', 'viewer');
      return res.status === 200 && res.body.loans.some((l) => l.demandId === `${C1}/utility-helicopter`) ? res.body : undefined;
    };
    const proposal = await eventually(async () => {
      const [a, b] = await Promise.all(apis.map((api) => current(api.url)));
      return a && b && a.proposalId === b.proposalId ? a : undefined;
    }, 60_000, 'both APIs on a proposal with the loan');
    const loanA = proposal.loans.find((l) => l.demandId === `${C1}/utility-helicopter`)!.loanId;
    const path = `/v1/proposals/${proposal.proposalId}/decisions`;
    const approveA = { decision: 'approved', loanIds: [loanA], reason: 'crisis in IDEMB' };
    const k1 = { 'idempotency-key': `e2e-${Date.now()}-1` };

    // The same POST three times: twice through the first process, once through the second.
    const first = await call<{ decisionId: string }>(apis[0].url, 'POST', path, 'approver', approveA, k1);
    expect(first.status).toBe(202);
    const again = await call<{ decisionId: string }>(apis[0].url, 'POST', path, 'approver', approveA, k1);
    const elsewhere = await call<{ decisionId: string }>(apis[1].url, 'POST', path, 'approver', approveA, k1);
    expect([again.status, elsewhere.status]).toEqual([202, 202]);
    expect(again.body).toEqual(first.body);
    expect(elsewhere.body).toEqual(first.body);
    // Without the key, the same approval is a conflict, as it always was.
    expect((await call(apis[0].url, 'POST', path, 'approver', approveA)).status).toBe(409);

    // The same key with another body: 422, through either process.
    for (const api of apis) {
      const reused = await call<{ message: string }>(api.url, 'POST', path, 'approver', { ...approveA, reason: 'another reason' }, k1);
      expect(reused.status).toBe(422);
      expect(reused.body.message).toMatch(/Idempotency-Key/);
    }

    // The broker stops: the loan's return answers 503 naming its event id.
    const returnPath = `/v1/loans/${loanA}/return`;
    const returned = { returnedAt: '2011-02-01T00:00:00Z' };
    const k2 = { 'idempotency-key': `e2e-${Date.now()}-2` };
    await eventually(async () => ((await call<{ status: string }[]>(apis[0].url, 'GET', '/v1/loans', 'viewer')).body.some?.((l) => l.status === 'approved') ? true : undefined), 30_000, 'the loan approved on the API');
    await local.stop();
    const during = await call<{ eventId?: string; message: string }>(apis[0].url, 'POST', returnPath, 'planner', returned, k2);
    expect(during.status).toBe(503);
    expect(during.body.eventId).toMatch(/^req-[0-9a-f]{32}$/);
    expect(during.body.message).toContain(during.body.eventId);
    local = await LocalKafka.start({ port: local.port, dataDir });

    // A restarted first process, once ready: both retries answer, with the ids first given.
    await apis[0].stop();
    apis[0] = await startService('planner-api', env);
    const retried = await eventually(async () => {
      const res = await call<{ eventId: string; returnedAt: string }>(apis[0].url, 'POST', returnPath, 'planner', returned, k2);
      return res.status === 202 ? res : undefined;
    }, 60_000, 'the retry after the outage to answer 202');
    expect(retried.body).toEqual({ loanId: loanA, returnedAt: '2011-02-01T00:00:00.000Z', eventId: during.body.eventId });
    const retriedElsewhere = await call(apis[1].url, 'POST', returnPath, 'planner', returned, k2);
    expect(retriedElsewhere).toMatchObject({ status: 202, body: retried.body });
    const afterRestart = await call<{ decisionId: string }>(apis[0].url, 'POST', path, 'approver', approveA, k1);
    expect(afterRestart.status).toBe(202);
    expect(afterRestart.body).toEqual(first.body);
    expect((await call(apis[0].url, 'POST', path, 'approver', { ...approveA, reason: 'after restart' }, k1)).status).toBe(422);
    expect((await call(apis[1].url, 'POST', returnPath, 'planner', { returnedAt: '2011-02-02T00:00:00Z' }, k2)).status).toBe(422);

    // Recorded once each: the proposal lists the decision once, the loan is returned, and every
    // record of the writes on imc.decisions carries one of the two ids (a retry that raced the
    // first write wrote the same id, which the allocator applies once).
    for (const api of apis) {
      const decisions = await eventually(async () => {
        const res = await call<ProposalView>(api.url, 'GET', `/v1/proposals/${proposal.proposalId}`, 'viewer');
        return res.status === 200 ? res.body.decisions.map((d) => d.decisionId) : undefined;
      }, 30_000, 'the proposal');
      expect(decisions).toEqual([first.body.decisionId]);
    }
    const finalLoan = await eventually(async () => {
      const records = (await readTopic(TOPICS.loans, client(local.brokers))).map((r) => (JSON.parse(r.value) as { data: { loanId: string; status: string } }).data);
      const last = records.filter((l) => l.loanId === loanA).pop();
      return last?.status === 'returned' ? last : undefined;
    }, 60_000, 'the allocator to mark the loan returned');
    expect(finalLoan.status).toBe('returned');
    const written = (await readTopic(TOPICS.decisions, client(local.brokers))).map((r) => JSON.parse(r.value) as { id: string; type: string });
    expect(new Set(written.map((e) => e.id))).toEqual(new Set([first.body.decisionId, during.body.eventId]));
    expect(await readTopic(TOPICS.dlq, client(local.brokers))).toEqual([]);
  });
});
