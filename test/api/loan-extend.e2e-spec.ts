import { TOPICS } from '@imc/contracts';
import { proposedLoan } from '@imc/domain/testing/event.fixtures';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, event, fakeProposal, mission, msg, proposedEnvelope, unit } from './support/world-events';

/**
 * (v3) POST /v1/loans/{loanId}/extend against a real broker, without the allocator: the proposal is
 * published here as the allocator would. Crisis ext-crisis needs two helicopters at EXR from 5
 * January to 1 March 2011: a loan's natural end is 1 March + 14 d = 15 March (arrival 10 January
 * + 180 d is later). The Council's authorization runs to 15 February.
 */
const T0 = '2011-01-01T00:00:00Z';
const A = 'loan-ext-a';
const B = 'loan-ext-b';
const council = (version: number, validUntil?: string) =>
  event('imc.consent.recorded', version === 1 ? T0 : '2011-01-20T00:00:00Z', {
    consentId: 'ext-unsc',
    kind: 'council',
    party: 'UNSC',
    fromMission: 'EXD',
    toMission: 'EXR',
    capabilities: ['*'],
    status: 'granted',
    reference: 'S/RES/1967 (2011)',
    ...(validUntil ? { validUntil } : {}),
    version,
  });
const loan = (loanId: string, unitId: string, returnBy: string) =>
  proposedLoan({
    loanId,
    unitIds: [unitId],
    demandId: 'ext-crisis/utility-helicopter',
    capability: 'utility-helicopter',
    fromMission: 'EXD',
    toMission: 'EXR',
    contributor: 'UKR',
    arriveBy: '2011-01-10T00:00:00.000Z',
    returnBy,
    consents: [{ item: 'council:UNSC', status: 'granted', days: 0, validUntil: '2011-02-15T00:00:00.000Z', reference: 'S/RES/1967 (2011)' }],
  });

describe('POST /v1/loans/{loanId}/extend on a real broker', () => {
  let broker: PrivateBroker;
  let api: ServiceHandle;
  const extend = (loanId: string, returnBy: string, who: 'approver' | 'planner' = 'approver', reason: unknown = 'the need runs on') =>
    call<{ message: string; loanId: string; returnBy: string; extendedAt: string; reason: string; eventId: string; errors: { field: string }[] }>(api.url, 'POST', `/v1/loans/${loanId}/extend`, who, { returnBy, reason });

  beforeAll(async () => {
    broker = await startPrivateBroker();
    api = await startService('planner-api', { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-extend', IMC_API_TOKENS: TOKEN_ENV });
    await produce(TOPICS.missions, [msg('EXD', mission('EXD', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('EXR', mission('EXR', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(TOPICS.units, [1, 2, 3, 4].map((i) => msg(`ext-heli-${i}`, unit(`ext-heli-${i}`, 'EXD', 'utility-helicopter', T0))), broker.kafka);
    // Contributor and host state open-ended; the Council until 15 February.
    const granted = consents('EXD', 'EXR', 'UKR', 'CIV', T0).filter((c) => c.data.kind !== 'council');
    await produce(TOPICS.consents, [...granted, council(1, '2011-02-15T00:00:00Z')].map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await produce(TOPICS.crises, [msg('ext-crisis', crisis('imc.crisis.declared', 'ext-crisis', 'EXR', T0, { start: '2011-01-05T00:00:00Z', end: '2011-03-01T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], broker.kafka);
    // A back by 10 February (not capped); B capped by the Council on 15 February.
    const proposal = fakeProposal(1, [loan(A, 'ext-heli-1', '2011-02-10T00:00:00.000Z'), loan(B, 'ext-heli-2', '2011-02-15T00:00:00.000Z')], '2011-01-01T00:00:00.000Z');
    await produce(TOPICS.proposals, [msg('global', proposedEnvelope(proposal))], broker.kafka);
    await eventually(async () => ((await call<{ proposalId: string }>(api.url, 'GET', '/v1/proposals/current', 'viewer')).body.proposalId === 'global:1' ? true : undefined), 30_000, 'the read model to hold global:1');
    expect((await call(api.url, 'POST', '/v1/proposals/global:1/decisions', 'approver', { decision: 'approved', loanIds: [A, B] })).status).toBe(202);
    // The World checks an extension once it has read the approval back from the topic.
    await eventually(async () => ((await extend(A, '2011-02-01T00:00:00Z')).body.message?.includes('already returns by 2011-02-10') ? true : undefined), 30_000, 'the approval on the loan book');
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await broker?.dispose();
  });

  it('answers 403, 400, 404 and 409 past the authorization (naming it) without publishing', async () => {
    const before = await broker.offsets();
    expect((await extend(A, '2011-02-14T00:00:00Z', 'planner')).status).toBe(403);
    const bad = await extend(A, '14 February', 'approver', '');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual(['reason', 'returnBy']);
    expect((await extend('loan-nobody-approved', '2011-02-14T00:00:00Z')).status).toBe(404);
    const past = await extend(A, '2011-02-20T00:00:00Z');
    expect(past.status).toBe(409);
    expect(past.body.message).toBe("loan loan-ext-a cannot return by 2011-02-20: the Security Council's authorization (council:UNSC, S/RES/1967 (2011)) is valid until 2011-02-15; renew it to extend past that date");
    expect(await broker.offsets()).toEqual(before);
  });

  it('publishes imc.loan.extended keyed by loan after the ack, stamped with the world\'s time, and the World applies it', async () => {
    const res = await extend(A, '2011-02-14T00:00:00Z');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ loanId: A, returnBy: '2011-02-14T00:00:00.000Z', extendedAt: '2011-01-01T00:00:00.000Z', reason: 'the need runs on' });
    const record = (await readTopic(TOPICS.decisions, broker.kafka)).find((r) => r.value.includes(res.body.eventId));
    expect(record?.key).toBe(A);
    expect(JSON.parse(record?.value ?? '{}')).toMatchObject({ type: 'imc.loan.extended', time: '2011-01-01T00:00:00.000Z', data: { loanId: A, returnBy: '2011-02-14T00:00:00.000Z', extendedAt: '2011-01-01T00:00:00.000Z', reason: 'the need runs on' } });
    // Read back: the loan now returns by the 14th.
    await eventually(async () => ((await extend(A, '2011-02-12T00:00:00Z')).body.message?.includes('already returns by 2011-02-14') ? true : undefined), 30_000, 'the extension on the loan book');
  });

  it('after the Council renews without an end: the capped loan moved to its natural end; past it is 409', async () => {
    await produce(TOPICS.consents, [msg('ext-unsc', council(2))], broker.kafka);
    // B was capped on 15 February: the renewal moved it to 15 March (1 March + 14 d) by itself.
    const moved = await eventually(async () => {
      const res = await extend(B, '2011-03-10T00:00:00Z');
      return res.body.message?.includes('already returns by') ? res : undefined;
    }, 30_000, 'the renewal on the loan book');
    expect(moved.status).toBe(409);
    expect(moved.body.message).toBe('loan loan-ext-b already returns by 2011-03-15; an extension moves its return date later than that');
    const late = await extend(A, '2011-03-20T00:00:00Z');
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('loan loan-ext-a cannot return by 2011-03-20: it must be back by 2011-03-15 (window end 2011-03-01 + 14 d demobilization)');
  });

  it('answers 409 for a loan not under way: returned, or recalled', async () => {
    expect((await call(api.url, 'POST', `/v1/loans/${A}/return`, 'planner', { returnedAt: '2011-01-25T00:00:00Z' })).status).toBe(202);
    const returned = await extend(A, '2011-03-01T00:00:00Z');
    expect([returned.status, returned.body.message]).toEqual([409, 'loan loan-ext-a is not under way: it was returned on 2011-01-25']);
    expect((await call(api.url, 'POST', `/v1/loans/${B}/recall`, 'approver', { recalledAt: '2011-01-25T00:00:00Z', reason: 'needed at home' })).status).toBe(202);
    const recalled = await extend(B, '2011-03-15T00:00:00Z');
    expect([recalled.status, recalled.body.message]).toEqual([409, 'loan loan-ext-b is not under way: it was recalled on 2011-01-25']);
  });
});
