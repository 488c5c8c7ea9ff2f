import { TOPICS } from '@imc/contracts';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV, Who } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, event, fakeLoan, fakeProposal, mission, msg, proposedEnvelope, unit } from './support/world-events';

/**
 * The planner API against a real broker. The first part runs the real allocator, so the proposals
 * decided on are ones it planned and the loans approved are ones it lends. The second part has no
 * allocator: its proposals are hand-made (objective 1, no posture), because its rules need what
 * the allocator does not serve on demand: fixed loan ids and versions known before the run, a
 * superseded version still holding a loan the current one lacks, two loans of one unit in one
 * proposal, and loans in every state at once for the role matrix. Its test names say so.
 */
const T0 = '2011-01-01T00:00:00Z';
const L = { one: 'loan-e2e-one', two: 'loan-e2e-two', three: 'loan-e2e-three', four: 'loan-e2e-four', five: 'loan-e2e-five' };
const v1 = fakeProposal(1, [fakeLoan(L.one, ['api-heli-1'], 'crisis-x/utility-helicopter'), fakeLoan(L.two, ['api-heli-2'], 'crisis-x/utility-helicopter'), fakeLoan(L.three, ['api-heli-3'], 'crisis-y/utility-helicopter')], T0);
const v2 = fakeProposal(
  2,
  [
    fakeLoan(L.one, ['api-heli-1'], 'crisis-x/utility-helicopter'),
    fakeLoan(L.three, ['api-heli-3'], 'crisis-y/utility-helicopter'),
    fakeLoan(L.four, ['api-heli-4'], 'crisis-z/utility-helicopter'),
    fakeLoan(L.five, ['api-heli-5'], 'crisis-z/utility-helicopter'),
  ],
  '2011-01-02T00:00:00.000Z',
);

interface DecisionBody {
  decisionId: string;
  proposalId: string;
  loanIds: string[];
  decision: string;
  reviewer: string;
  version: number;
}

describe('planner API with the real allocator: proposals it planned, loans it lends', () => {
  let broker: PrivateBroker;
  let allocator: ServiceHandle;
  let api: ServiceHandle;
  const DEMAND = 'real-crisis/utility-helicopter';
  interface Planned {
    proposalId: string;
    status: string;
    loans: { loanId: string; demandId: string; unitIds: string[]; review?: { decision: string } }[];
  }
  const current = async () => (await call<Planned>(api.url, 'GET', '/v1/proposals/current', 'viewer')).body;
  let planned: Planned;

  beforeAll(async () => {
    broker = await startPrivateBroker();
    const common = { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-api-real' };
    allocator = await startService('allocator', { ...common, ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' });
    api = await startService('planner-api', { ...common, IMC_API_TOKENS: TOKEN_ENV });
    await produce(TOPICS.missions, [msg('APID', mission('APID', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('APIR', mission('APIR', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(TOPICS.units, [1, 2, 3, 4, 5, 6, 7, 8].map((i) => msg(`real-heli-${i}`, unit(`real-heli-${i}`, 'APID', 'utility-helicopter', T0))), broker.kafka);
    await produce(TOPICS.consents, consents('APID', 'APIR', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await produce(TOPICS.crises, [msg('real-crisis', crisis('imc.crisis.declared', 'real-crisis', 'APIR', T0, { start: '2011-01-11T00:00:00Z', end: '2011-02-15T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], broker.kafka);
    planned = await eventually(async () => {
      const p = await current();
      return p?.loans?.some((l) => l.demandId === DEMAND) ? p : undefined;
    }, 60_000, 'the allocator\'s proposal lending to the crisis');
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await allocator?.stop();
    await broker?.dispose();
  });

  it('publishes an approval of a planned loan keyed by its proposal, as a CloudEvent at the world\'s time; the allocator lends it and supersedes the proposal', async () => {
    const loan = planned.loans.find((l) => l.demandId === DEMAND)!;
    const asOf = (await call<{ asOf: string }>(api.url, 'GET', '/v1/missions/APID/posture', 'viewer')).body.asOf;
    const res = await call<DecisionBody>(api.url, 'POST', `/v1/proposals/${encodeURIComponent(planned.proposalId)}/decisions`, 'approver', { decision: 'approved', loanIds: [loan.loanId] });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ proposalId: planned.proposalId, loanIds: [loan.loanId], decision: 'approved', version: 1 });
    const record = (await readTopic(TOPICS.decisions, broker.kafka)).find((r) => r.value.includes(res.body.decisionId));
    expect(record?.key).toBe(planned.proposalId);
    const envelope = JSON.parse(record?.value ?? '{}') as { type: string; time: string; data: DecisionBody };
    expect([envelope.type, envelope.time, envelope.data]).toEqual(['imc.allocation.decided', asOf, res.body]);
    // The allocator's ledger takes it: the loan it lends is on imc.loans with the proposal's units.
    const lent = await eventually(async () => {
      const loans = (await readTopic(TOPICS.loans, broker.kafka)).map((r) => (JSON.parse(r.value) as { data: { loanId: string; unitIds: string[]; status: string } }).data);
      return loans.find((l) => l.loanId === loan.loanId);
    }, 30_000, 'the allocator to publish the loan');
    expect([lent.unitIds, lent.status]).toEqual([loan.unitIds, 'approved']);
    // It plans again without those units: the decided proposal is superseded, and deciding it again is a conflict.
    const next = await eventually(async () => ((await current()).proposalId !== planned.proposalId ? current() : undefined), 30_000, 'the next proposal');
    expect(next.loans.map((l) => l.loanId)).not.toContain(loan.loanId);
    expect((await call<Planned>(api.url, 'GET', `/v1/proposals/${encodeURIComponent(planned.proposalId)}`, 'viewer')).body.status).toBe('superseded');
    expect((await call(api.url, 'POST', `/v1/proposals/${encodeURIComponent(planned.proposalId)}/decisions`, 'approver', { decision: 'approved', loanIds: [loan.loanId] })).status).toBe(409);
  });

  it('recalls the loan the allocator lent: 202 keyed by loan, the allocator marks it recalled, a second recall is a conflict', async () => {
    const loan = planned.loans.find((l) => l.demandId === DEMAND)!;
    const asOf = (await call<{ asOf: string }>(api.url, 'GET', '/v1/missions/APID/posture', 'viewer')).body.asOf;
    const body = { recalledAt: asOf, reason: 'donor in crisis' };
    const res = await call<{ eventId: string }>(api.url, 'POST', `/v1/loans/${loan.loanId}/recall`, 'approver', body);
    expect(res.status).toBe(202);
    expect((await readTopic(TOPICS.decisions, broker.kafka)).find((r) => r.value.includes(res.body.eventId))?.key).toBe(loan.loanId);
    await eventually(async () => {
      const loans = (await readTopic(TOPICS.loans, broker.kafka)).map((r) => (JSON.parse(r.value) as { data: { loanId: string; status: string } }).data);
      return loans.some((l) => l.loanId === loan.loanId && l.status === 'recalled') ? true : undefined;
    }, 30_000, 'the allocator to mark the loan recalled');
    expect((await call(api.url, 'POST', `/v1/loans/${loan.loanId}/recall`, 'approver', body)).status).toBe(409);
  });

  it('what-if adds events to the world the allocator planned: based on its current proposal, and publishes nothing', async () => {
    const based = await current();
    const before = await broker.offsets();
    const asOf = (await call<{ asOf: string }>(api.url, 'GET', '/v1/missions/APIR/posture', 'viewer')).body.asOf;
    const start = new Date(Date.parse(asOf) + 10 * 86_400_000).toISOString();
    const end = new Date(Date.parse(asOf) + 100 * 86_400_000).toISOString();
    const demand = event('imc.demand.raised', asOf, { demandId: 'what-if-helos', missionId: 'APIR', capability: 'utility-helicopter', quantity: 2, window: { start, end }, priority: 8, version: 1 });
    const res = await call<{ loans: { demandId: string; fromMission: string; quantity: number }[]; unmet: { demandId: string; shortfall: number }[]; whatIf: { changed: boolean; basedOn: string } }>(api.url, 'POST', '/v1/what-if', 'planner', { events: [demand] });
    expect(res.status).toBe(200);
    expect(res.body.whatIf).toMatchObject({ changed: true, basedOn: based.proposalId });
    // The demand is planned: the two helicopters are lent or explained as short (the crisis, of
    // higher weight, competes for what the floor leaves lendable).
    const lent = res.body.loans.filter((l) => l.demandId === 'what-if-helos').reduce((n, l) => n + l.quantity, 0);
    const short = res.body.unmet.filter((u) => u.demandId === 'what-if-helos').reduce((n, u) => n + u.shortfall, 0);
    expect([lent + short, res.body.loans.every((l) => l.demandId !== 'what-if-helos' || l.fromMission === 'APID')]).toEqual([2, true]);
    expect(await broker.offsets()).toEqual(before);
  });
});

describe('planner API on a real broker, hand-made proposals (no allocator): fixed loans, versions and states on demand', () => {
  let broker: PrivateBroker;
  let api: ServiceHandle;
  const acknowledged: string[] = [];
  const env = (): Record<string, string> => ({ KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-api', IMC_API_TOKENS: TOKEN_ENV });

  const decide = async (who: Who, proposalId: string, decision: 'approved' | 'rejected', loanIds: string[], headers: Record<string, string> = {}) => {
    const res = await call<DecisionBody>(api.url, 'POST', `/v1/proposals/${encodeURIComponent(proposalId)}/decisions`, who, { decision, loanIds }, headers);
    if (res.status === 202) acknowledged.push(res.body.decisionId);
    return res;
  };

  beforeAll(async () => {
    broker = await startPrivateBroker();
    api = await startService('planner-api', env());
    const donor = { lat: 6.32, lon: -10.81 };
    const recipient = { lat: 5.35, lon: -4.0 };
    await produce(TOPICS.missions, [msg('APID', mission('APID', 'LBR', donor, T0)), msg('APIR', mission('APIR', 'CIV', recipient, T0))], broker.kafka);
    await produce(
      TOPICS.units,
      [
        ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => msg(`api-heli-${i}`, unit(`api-heli-${i}`, 'APID', 'utility-helicopter', T0))),
        ...[1, 2, 3, 4].map((i) => msg(`api-inf-${i}`, unit(`api-inf-${i}`, 'APID', 'infantry-company', T0))),
      ],
      broker.kafka,
    );
    await produce(TOPICS.consents, consents('APID', 'APIR', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await produce(TOPICS.proposals, [msg('global', proposedEnvelope(v1)), msg('global', proposedEnvelope(v2))], broker.kafka);
    await eventually(async () => {
      const res = await call<{ proposalId: string }>(api.url, 'GET', '/v1/proposals/current', 'viewer');
      return res.status === 200 && res.body.proposalId === 'global:2' ? true : undefined;
    }, 20_000, 'the read model to hold global:2');
    // Loans the return endpoint can take back.
    expect((await decide('approver', 'global:2', 'approved', [L.one, L.three])).status).toBe(202);
  });

  afterAll(async () => {
    await api?.stop();
    await broker?.dispose();
  });

  it('answers health, metrics and docs without a token', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/docs', '/docs-json', '/docs/asyncapi.yaml']) {
      expect([path, (await call(api.url, 'GET', path, 'none')).status]).toEqual([path, 200]);
    }
    const openapi = (await call<{ paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } }>(api.url, 'GET', '/docs-json', 'none')).body;
    expect(Object.keys(openapi.paths).sort()).toEqual(
      ['/health/live', '/health/ready', '/metrics', '/v1/loans', '/v1/loans/{loanId}/extend', '/v1/loans/{loanId}/recall', '/v1/loans/{loanId}/return', '/v1/missions', '/v1/missions/{missionId}/posture', '/v1/places', '/v1/proposals', '/v1/proposals/current', '/v1/proposals/{proposalId}', '/v1/proposals/{proposalId}/advice', '/v1/proposals/{proposalId}/briefing.pdf', '/v1/proposals/{proposalId}/briefing.xlsx', '/v1/proposals/{proposalId}/decisions', '/v1/stream', '/v1/stress-tests', '/v1/stress-tests/{jobId}', '/v1/what-if'].sort(),
    );
    expect(Object.keys(openapi.components.schemas)).toEqual(expect.arrayContaining(['DecisionRequestDto', 'DecisionDto', 'ProposalDto', 'LoanDto', 'MissionDto', 'MissionPostureDto', 'ReturnRequestDto', 'WhatIfRequestDto', 'ErrorDto']));
    expect(String((await call(api.url, 'GET', '/docs/asyncapi.yaml', 'none')).body)).toContain('imc.decisions');
  });

  describe('role matrix: every endpoint x (no token, unknown token, viewer, planner, approver) (hand-made: a loan to return for each role)', () => {
    const whos: Who[] = ['none', 'unknown', 'viewer', 'planner', 'approver'];
    const rank: Record<string, number> = { viewer: 1, planner: 2, approver: 3 };
    const returnFor: Partial<Record<Who, string>> = { planner: L.one, approver: L.three };
    const endpoints: { name: string; role: 'viewer' | 'planner' | 'approver'; ok: number; method: 'GET' | 'POST'; path: (who: Who) => string; body?: unknown }[] = [
      { name: 'GET /v1/proposals', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/proposals?status=pending&scope=global' },
      { name: 'GET /v1/proposals/current', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/proposals/current' },
      { name: 'GET /v1/proposals/{id}', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/proposals/global:2' },
      { name: 'POST /v1/proposals/{id}/decisions', role: 'approver', ok: 202, method: 'POST', path: () => '/v1/proposals/global:2/decisions', body: { decision: 'rejected', loanIds: [L.five], reason: 'matrix' } },
      { name: 'GET /v1/loans', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/loans?status=approved' },
      { name: 'POST /v1/loans/{id}/return', role: 'planner', ok: 202, method: 'POST', path: (who) => `/v1/loans/${returnFor[who] ?? L.one}/return`, body: { returnedAt: '2011-03-01T00:00:00Z' } },
      { name: 'GET /v1/missions', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/missions' },
      { name: 'GET /v1/missions/{id}/posture', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/missions/APID/posture' },
      { name: 'GET /v1/places', role: 'viewer', ok: 200, method: 'GET', path: () => '/v1/places' },
      { name: 'POST /v1/what-if', role: 'planner', ok: 200, method: 'POST', path: () => '/v1/what-if', body: { events: [] } },
    ];

    it.each(endpoints.map((e) => [e.name, e] as const))('%s', async (_, e) => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const who of whos) {
        const res = await call<{ message?: string; stack?: unknown }>(api.url, e.method, e.path(who), who, e.body);
        got[who] = res.status;
        want[who] = who === 'none' || who === 'unknown' ? 401 : rank[who] >= rank[e.role] ? e.ok : 403;
        if (res.status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
        expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |"stack"/);
      }
      expect(got).toEqual(want);
    });
  });

  it('publishes a decision on imc.decisions keyed by proposal, as a CloudEvent with the reviewer and the correlation id, after the broker ack (hand-made: the loan the rules below need approved)', async () => {
    const asOf = (await call<{ asOf: string }>(api.url, 'GET', '/v1/missions/APID/posture', 'viewer')).body.asOf;
    const res = await decide('approver', 'global:2', 'approved', [L.four], { 'x-correlation-id': 'e2e-decision-1' });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-correlation-id')).toBe('e2e-decision-1');
    expect(res.body).toMatchObject({ proposalId: 'global:2', loanIds: [L.four], decision: 'approved', version: 1 });
    expect(res.body.reviewer).toMatch(/^approver:[0-9a-f]{8}$/);
    // 202 means acknowledged: the record is on the topic already, no waiting.
    const records = await readTopic(TOPICS.decisions, broker.kafka);
    const record = records.find((r) => r.value.includes(res.body.decisionId));
    expect(record?.key).toBe('global:2');
    expect(record?.headers['x-correlation-id']).toBe('e2e-decision-1');
    const envelope = JSON.parse(record?.value ?? '{}') as { type: string; specversion: string; time: string; data: DecisionBody };
    expect(envelope).toMatchObject({ specversion: '1.0', type: 'imc.allocation.decided' });
    expect(envelope.data).toEqual(res.body);
    // Event time, not wall time: the world's "now", the time of proposal global:2. The return
    // recorded in the matrix, dated 2011-03-01, did not move it there (issue 26 item 1).
    expect(envelope.time).toBe(asOf);
    expect(asOf).toBe('2011-01-02T00:00:00.000Z');
  });

  it('refuses stale, repeated and contradictory decisions (409, 404) and publishes nothing for them (hand-made: a superseded version holding a loan the current one lacks)', async () => {
    const before = await broker.offsets();
    expect((await decide('approver', 'global:1', 'approved', [L.two])).status).toBe(409); // superseded, loan not in the current proposal
    expect((await decide('approver', 'global:1', 'approved', [L.four])).status).toBe(409); // not in global:1 at all
    expect((await decide('approver', 'global:2', 'approved', [L.four])).status).toBe(409); // already approved
    expect((await decide('approver', 'global:2', 'rejected', [L.four])).status).toBe(409); // approved: a return ends it
    expect((await decide('approver', 'global:2', 'approved', [L.five])).status).toBe(409); // rejected in the matrix
    expect((await decide('approver', 'global:99', 'approved', [L.four])).status).toBe(404);
    expect((await decide('approver', 'global:2', 'approved', ['loan-nobody-proposed'])).status).toBe(404);
    expect((await call(api.url, 'POST', '/v1/loans/loan-nobody-approved/return', 'planner', { returnedAt: '2011-03-01T00:00:00Z' })).status).toBe(404);
    expect((await call(api.url, 'POST', `/v1/loans/${L.one}/return`, 'planner', { returnedAt: '2011-03-02T00:00:00Z' })).status).toBe(409);
    const stale = await decide('approver', 'global:1', 'approved', [L.two]);
    expect(stale.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(String((stale.body as unknown as { message: string }).message)).toContain('superseded');
    expect(await broker.offsets()).toEqual(before);
  });

  it('lets only one of two approvers racing on the same loan through (hand-made: two loans of one unit in one proposal, which the allocator never plans)', async () => {
    const racing = fakeProposal(3, [fakeLoan('loan-e2e-race', ['api-heli-6'], 'crisis-r/utility-helicopter'), fakeLoan('loan-e2e-race-twin', ['api-heli-6'], 'crisis-s/utility-helicopter')], '2011-01-03T00:00:00.000Z');
    await produce(TOPICS.proposals, [msg('global', proposedEnvelope(racing))], broker.kafka);
    await eventually(async () => ((await call<{ proposalId: string }>(api.url, 'GET', '/v1/proposals/current', 'viewer')).body.proposalId === 'global:3' ? true : undefined));
    const results = await Promise.all([
      decide('approver', 'global:3', 'approved', ['loan-e2e-race']),
      decide('secondApprover', 'global:3', 'approved', ['loan-e2e-race']),
      decide('secondApprover', 'global:3', 'approved', ['loan-e2e-race-twin']),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([202, 409, 409]);
    const approvals = (await readTopic(TOPICS.decisions, broker.kafka))
      .map((r) => (JSON.parse(r.value) as { data: DecisionBody }).data)
      .filter((d) => d.proposalId === 'global:3' && d.decision === 'approved');
    expect(approvals).toHaveLength(1);
  });

  it('recalls an approved loan (approver only, 202 after the ack, keyed by loan), and answers 400, 404 and 409 without publishing (hand-made: a returned loan and an approved one at once)', async () => {
    const loanId = 'loan-e2e-race';
    const path = `/v1/loans/${loanId}/recall`;
    // The world's "now" is 1 March 2011 (the return of the role matrix): recalling then keeps it.
    const body = { recalledAt: '2011-03-01T00:00:00Z', reason: 'donor in crisis' };
    const before = await broker.offsets();
    expect((await call(api.url, 'POST', path, 'planner', body)).status).toBe(403);
    const bad = await call<{ errors: { field: string }[] }>(api.url, 'POST', path, 'approver', { recalledAt: '2011-03-01', reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['reason', 'recalledAt']);
    expect((await call(api.url, 'POST', '/v1/loans/loan-nobody-approved/recall', 'approver', body)).status).toBe(404);
    expect((await call(api.url, 'POST', `/v1/loans/${L.one}/recall`, 'approver', body)).status).toBe(409); // returned in the role matrix
    expect(await broker.offsets()).toEqual(before);

    const res = await call<{ loanId: string; recalledAt: string; reason: string; eventId: string }>(api.url, 'POST', path, 'approver', body);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ loanId, recalledAt: '2011-03-01T00:00:00.000Z', reason: 'donor in crisis' });
    const record = (await readTopic(TOPICS.decisions, broker.kafka)).find((r) => r.value.includes(res.body.eventId));
    expect(record?.key).toBe(loanId);
    expect(JSON.parse(record?.value ?? '{}')).toMatchObject({ type: 'imc.loan.recalled', data: { loanId, recalledAt: '2011-03-01T00:00:00.000Z', reason: 'donor in crisis' } });
    expect((await call(api.url, 'POST', path, 'approver', body)).status).toBe(409);
  });

  it('answers malformed and oversized bodies with 400 and 413, with the field errors, and publishes nothing', async () => {
    const before = await broker.offsets();
    const path = '/v1/proposals/global:3/decisions';
    const malformed = await call<{ statusCode: number; message: string }>(api.url, 'POST', path, 'approver', '{"decision": "approved", "loanIds": [', { 'x-correlation-id': 'e2e-malformed' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('x-correlation-id')).toBe('e2e-malformed');
    expect(malformed.body.message).toMatch(/malformed JSON/);

    const missing = await call<{ errors: { field: string }[] }>(api.url, 'POST', path, 'approver', { decision: 'approved' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.field)).toEqual(['loanIds']);

    const extra = await call<{ errors: { field: string }[] }>(api.url, 'POST', path, 'approver', { decision: 'approved', loanIds: ['loan-e2e-race-twin'], reviewer: 'someone else' });
    expect(extra.status).toBe(400);
    expect(extra.body.errors.map((e) => e.field)).toEqual(['reviewer']);

    const wrong = await call<{ errors: { field: string }[] }>(api.url, 'POST', path, 'approver', { decision: 'yes', loanIds: 'loan-e2e-race-twin' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e) => e.field).sort()).toEqual(['decision', 'loanIds']);

    const oversized = await call<{ statusCode: number }>(api.url, 'POST', path, 'approver', { decision: 'rejected', loanIds: ['loan-e2e-race-twin'], reason: 'x'.repeat(300 * 1024) });
    expect(oversized.status).toBe(413);
    expect(oversized.body.statusCode).toBe(413);

    const badReturn = await call(api.url, 'POST', `/v1/loans/${L.four}/return`, 'planner', { returnedAt: 'soon' });
    expect(badReturn.status).toBe(400);

    const badEvent = await call<{ errors: { field: string }[] }>(api.url, 'POST', '/v1/what-if', 'planner', { events: [{ specversion: '1.0', id: 'x', source: '/e2e', type: 'imc.demand.raised', time: T0, data: { demandId: 'd' } }] });
    expect(badEvent.status).toBe(400);
    expect(badEvent.body.errors[0].field).toBe('events[0]');

    const badQuery = await call(api.url, 'GET', '/v1/loans?status=lost', 'viewer');
    expect(badQuery.status).toBe(400);

    for (const res of [malformed, missing, extra, wrong, oversized, badReturn, badEvent]) expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |"stack"/);
    expect(await broker.offsets()).toEqual(before);
  });

  it('shows missions with their effective status and a posture per capability', async () => {
    const missions = await call<{ missionId: string; effectiveStatus: string }[]>(api.url, 'GET', '/v1/missions', 'viewer');
    expect(missions.body.map((m) => [m.missionId, m.effectiveStatus])).toEqual([
      ['APID', 'normal'],
      ['APIR', 'normal'],
    ]);
    const posture = await call<{ capabilities: { capability: string; held: number; available: number; floor: number }[] }>(api.url, 'GET', '/v1/missions/APID/posture', 'viewer');
    expect(posture.body.capabilities.find((c) => c.capability === 'utility-helicopter')).toMatchObject({ held: 8, floor: 4 });
    expect((await call(api.url, 'GET', '/v1/missions/NOWHERE/posture', 'viewer')).status).toBe(404);
  });

  it('counts requests and published events in /metrics', async () => {
    const text = String((await call(api.url, 'GET', '/metrics', 'none')).body);
    expect(text).toMatch(/imc_api_events_published_total\{type="imc.allocation.decided"\} [1-9]/);
    expect(text).toMatch(/imc_api_requests_total\{method="POST",route="\/v1\/proposals\/:proposalId\/decisions",status="409"\} [1-9]/);
  });

  it('throttles write endpoints per caller (429) and leaves reads alone', async () => {
    const statuses: number[] = [];
    // Invalid bodies: the throttler counts a request before the body is validated, and nothing is published.
    for (let i = 0; i < 61; i++) statuses.push((await call(api.url, 'POST', '/v1/proposals/global:3/decisions', 'secondApprover', { decision: 'approved' })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.slice(0, 50).every((s) => s === 400)).toBe(true);
    const throttled = await call<{ statusCode: number }>(api.url, 'POST', '/v1/proposals/global:3/decisions', 'secondApprover', { decision: 'approved' });
    expect(throttled.body.statusCode).toBe(429);
    // Another caller, and reads, are not affected.
    expect((await call(api.url, 'POST', '/v1/proposals/global:3/decisions', 'approver', { decision: 'approved' })).status).toBe(400);
    expect((await call(api.url, 'GET', '/v1/proposals', 'secondApprover')).status).toBe(200);
  });

  it('rebuilds the read model after a restart: every acknowledged decision is still there', async () => {
    expect(acknowledged.length).toBeGreaterThanOrEqual(3);
    await api.stop();
    api = await startService('planner-api', env());
    const seen = new Set<string>();
    for (const id of ['global:2', 'global:3']) {
      const res = await call<{ status: string; decisions: { decisionId: string }[]; loans: { loanId: string; review?: { decision: string } }[] }>(api.url, 'GET', `/v1/proposals/${id}`, 'viewer');
      expect(res.status).toBe(200);
      for (const d of res.body.decisions) seen.add(d.decisionId);
    }
    for (const id of acknowledged) expect(seen).toContain(id);
    const v2Again = await call<{ status: string; loans: { loanId: string; review?: { decision: string } }[] }>(api.url, 'GET', '/v1/proposals/global:2', 'viewer');
    expect(v2Again.body.status).toBe('superseded');
    expect(Object.fromEntries(v2Again.body.loans.map((l) => [l.loanId, l.review?.decision]))).toEqual({ [L.one]: 'approved', [L.three]: 'approved', [L.four]: 'approved', [L.five]: 'rejected' });
    // The rebuilt state still refuses what it refused before.
    expect((await decide('approver', 'global:3', 'approved', ['loan-e2e-race'])).status).toBe(409);
    expect((await call(api.url, 'POST', `/v1/loans/${L.one}/return`, 'planner', { returnedAt: '2011-03-05T00:00:00Z' })).status).toBe(409);
    expect((await call(api.url, 'POST', `/v1/loans/${L.four}/return`, 'planner', { returnedAt: '2011-03-05T00:00:00Z' })).status).toBe(202);
  });
});
