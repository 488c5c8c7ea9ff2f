import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import * as fc from 'fast-check';
import request from 'supertest';
import { TOPICS } from '@imc/contracts';
import { fuzzParameters, timeText } from '@imc/contracts/testing/fuzz';
import { mutateOne, validEvent } from '@imc/contracts/testing/valid-events';
import { missionEv } from '@imc/domain/testing/event.fixtures';
import { AppConfig, EventPublisher, KAFKA_ADMIN, loadConfig, OutgoingRecord } from '@imc/platform';
import { TokenRegistry } from '../auth/token-registry';
import { PlannerApiModule } from '../planner-api.module';
import { PlannerView } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { decision, decisionEvent, proposal, proposedEvent, proposedLoan, unitEvent } from '../testing/fixtures';
import { WriteThrottlerGuard } from './write-throttler.guard';
import { configureJsonBody } from './json-body';

/**
 * The HTTP bodies of every endpoint, in-process (the real module, pipe, filter and body parser;
 * only Kafka is replaced): issue 9's 500s as regression cases, then fuzzed bodies that must never
 * give a 5xx.
 */
const TOKEN = 'fuzz-approver-token';
const auth = { authorization: `Bearer ${TOKEN}` };

async function apiApp(published: OutgoingRecord[], setUp: (view: PlannerView) => void = twoLoans): Promise<INestApplication> {
  const view = new PlannerView();
  setUp(view);
  const readModel = { view, loaded: () => true, detail: () => ({}), start: async () => undefined, onApplicationShutdown: async () => undefined };
  const publisher = { publish: async (records: OutgoingRecord[]) => void published.push(...records), connect: async () => undefined, disconnect: async () => undefined };
  const admin = { describeCluster: async () => ({ brokers: [{}] }), disconnect: async () => undefined };
  const config: AppConfig = loadConfig({ IMC_API_TOKENS: `${TOKEN}:approver` });
  const moduleRef = await Test.createTestingModule({ imports: [PlannerApiModule.register(config, TokenRegistry.parse(`${TOKEN}:approver`))] })
    .overrideProvider(KAFKA_ADMIN)
    .useValue(admin)
    .overrideProvider(EventPublisher)
    .useValue(publisher)
    .overrideProvider(ReadModelService)
    .useValue(readModel)
    .overrideGuard(WriteThrottlerGuard)
    .useValue({ canActivate: () => true })
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureJsonBody(app);
  await app.init();
  return app;
}

/** Two units; loan-a approved, loan-b proposed. */
function twoLoans(view: PlannerView): void {
  view.applyRecord(TOPICS.units, unitEvent('u1'));
  view.applyRecord(TOPICS.units, unitEvent('u2'));
  view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [proposedLoan('loan-a', ['u1']), proposedLoan('loan-b', ['u2'])])));
  view.applyRecord(TOPICS.decisions, decisionEvent(decision('dec-0', 'global:1', ['loan-a'])));
}

/** Two missions, 60 units and one proposal of 60 loans: L0..L29 approved (returns, recalls), L30..L59 open (decisions). */
const LOAN_COUNT = 60;
const APPROVED = Array.from({ length: LOAN_COUNT / 2 }, (_, i) => `L${i}`);
const OPEN = Array.from({ length: LOAN_COUNT / 2 }, (_, i) => `L${i + LOAN_COUNT / 2}`);
const APPROVED_AT = '2010-12-05T00:00:00Z';
function manyLoans(view: PlannerView): void {
  for (const m of ['UNMIL', 'UNOCI']) view.applyRecord(TOPICS.missions, JSON.stringify(missionEv('2010-12-01T00:00:00Z', { missionId: m })));
  for (let i = 0; i < LOAN_COUNT; i++) view.applyRecord(TOPICS.units, unitEvent(`u${i}`));
  view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [...APPROVED, ...OPEN].map((id, i) => proposedLoan(id, [`u${i}`])))));
  view.applyRecord(TOPICS.decisions, decisionEvent(decision('dec-0', 'global:1', APPROVED), APPROVED_AT));
}

/** RFC 3339 times after the approval (a return or recall may not come before it). */
const afterApproval = fc.integer({ min: Date.parse(APPROVED_AT), max: Date.parse('2013-01-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString());

/** For each write endpoint, valid bodies written from its DTO; the fuzz changes one field of some. */
const VALID_BODIES: Record<string, { path: fc.Arbitrary<string>; body: fc.Arbitrary<object> }> = {
  decisions: {
    path: fc.constant('/v1/proposals/global:1/decisions'),
    body: fc.record({ decision: fc.constantFrom('approved', 'rejected'), loanIds: fc.uniqueArray(fc.constantFrom(...OPEN), { minLength: 1, maxLength: 3 }), reason: fc.string({ maxLength: 40 }) }, { requiredKeys: ['decision', 'loanIds'] }),
  },
  return: { path: fc.constantFrom(...APPROVED).map((id) => `/v1/loans/${id}/return`), body: fc.record({ returnedAt: afterApproval }) },
  recall: { path: fc.constantFrom(...APPROVED).map((id) => `/v1/loans/${id}/recall`), body: fc.record({ recalledAt: afterApproval, reason: fc.string({ minLength: 1, maxLength: 40 }).filter((r) => r.trim() !== '') }) },
  'what-if': { path: fc.constant('/v1/what-if'), body: fc.array(validEvent(), { maxLength: 2 }).map((events) => ({ events })) },
  'stress-tests': {
    path: fc.constant('/v1/stress-tests'),
    body: fc.record(
      { samples: fc.integer({ min: 1, max: 2 }), seed: fc.nat(1000), horizonDays: fc.integer({ min: 1, max: 30 }), model: fc.record({ crisesPer90Days: fc.integer({ min: 0, max: 3 }), severity: fc.constant({ min: 1, max: 3 }), missions: fc.constantFrom(['UNMIL'], ['UNOCI'], ['UNMIL', 'UNOCI']) }, { requiredKeys: [] }) },
      { requiredKeys: ['samples', 'seed'] },
    ),
  },
};

const deep = (levels: number, inner = '1') => `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;

describe('HTTP bodies', () => {
  let app: INestApplication;
  const published: OutgoingRecord[] = [];
  beforeAll(async () => {
    Logger.overrideLogger(false);
    app = await apiApp(published);
  });
  afterAll(async () => app.close());

  const post = (path: string, body: string) => request(app.getHttpServer()).post(path).set(auth).set('content-type', 'application/json').send(body);

  describe('issue 9 regressions: 400, never 500', () => {
    it('deep JSON in a decision reason', async () => {
      const res = await post('/v1/proposals/global:1/decisions', `{"decision":"approved","loanIds":["loan-b"],"reason":${deep(3000, '"x"')}}`);
      expect([res.status, res.body.message]).toEqual([400, 'request body too deeply nested: JSON deeper than 64 levels']);
    });

    it('deep JSON in what-if data', async () => {
      const res = await post('/v1/what-if', `{"events":[{"specversion":"1.0","id":"w","source":"/s","type":"imc.clock.ticked","time":"2010-12-09T00:00:00Z","data":{"x":${deep(3000)}}}]}`);
      expect(res.status).toBe(400);
    });

    it('a what-if event at 2012-11-27T00', async () => {
      const res = await post('/v1/what-if', JSON.stringify({ events: [{ specversion: '1.0', id: 'w', source: '/s', type: 'imc.clock.ticked', time: '2012-11-27T00', data: {} }] }));
      expect(res.status).toBe(400);
      expect(res.body.errors[0]).toEqual({ field: 'events[0]', messages: [expect.stringMatching(/^not a CloudEvent: time: must be an RFC 3339 date-time/)] });
    });

    it.each(['2012-11-26T00', '2012-12-01 00:00:00', '2012-12-01T00:00:00'])('a return at %s', async (returnedAt) => {
      const res = await post('/v1/loans/loan-a/return', JSON.stringify({ returnedAt }));
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'returnedAt']);
    });

    it.each(['constructor', '__proto__', 'prototype'])('a %s key in a body, refused as an unknown field', async (key) => {
      const res = await post('/v1/proposals/global:1/decisions', `{"decision":"approved","loanIds":["loan-b"],"${key}":{"x":1}}`);
      expect([res.status, res.body.errors]).toEqual([400, [{ field: key, messages: ['should not exist'] }]]);
      const nested = await post('/v1/what-if', `{"events":[{"data":{"${key}":1}}]}`);
      expect(nested.status).toBe(400);
    });

    it('a valid return is still accepted, read as UTC whatever the offset', async () => {
      const res = await post('/v1/loans/loan-a/return', JSON.stringify({ returnedAt: '2011-01-10T02:00:00+02:00' }));
      expect([res.status, res.body.returnedAt]).toEqual([202, '2011-01-10T00:00:00.000Z']);
    });
  });

  it('fuzz: no body on any endpoint gives a 5xx', async () => {
    const paths = ['/v1/proposals/global:1/decisions', '/v1/proposals/global:9/decisions', '/v1/loans/loan-b/return', '/v1/loans/loan-a/recall', '/v1/what-if', '/v1/stress-tests'];
    const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'decision', 'loanIds', 'reason', 'returnedAt', 'events', 'time', 'data', 'samples', 'seed', 'horizonDays', 'model');
    const field = fc.oneof(fc.jsonValue({ maxDepth: 3 }), timeText, fc.constantFrom('approved', 'rejected', 'loan-a', 'loan-b'), fc.array(fc.constantFrom('loan-a', 'loan-b', 'loan-x', ''), { maxLength: 3 }));
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.dictionary(protoKey, field, { maxKeys: 4 }).map((o) => JSON.stringify(o)),
      fc.record({ decision: fc.constantFrom('approved', 'rejected'), loanIds: fc.array(fc.constantFrom('loan-a', 'loan-b', 'loan-x'), { maxLength: 2 }), reason: fc.oneof(fc.string(), fc.jsonValue()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
      fc.record({ returnedAt: timeText }).map((o) => JSON.stringify(o)),
      fc.array(fc.record({ specversion: fc.constant('1.0'), id: fc.string({ maxLength: 4 }), source: fc.constant('/f'), type: fc.constantFrom('imc.clock.ticked', 'imc.demand.raised'), time: timeText, data: fc.oneof(fc.constant({}), fc.jsonValue({ maxDepth: 2 })) }), { maxLength: 2 }).map((events) => JSON.stringify({ events })),
      fc.integer({ min: 60, max: 4000 }).map((n) => `{"reason":${deep(n)}}`),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async (path, text) => {
        const res = await post(path, text);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status).toBeLessThan(500);
      }),
      fuzzParameters(400),
    );
    // Garbage on purpose (no 5xx is the point): the per-endpoint fuzz below reaches the 2xx.
    process.stderr.write(`fuzz http, any body on any endpoint: statuses ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    // The bodies reached the validation, not only the guards.
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 120_000);

  describe('valid bodies per endpoint, and one field changed', () => {
    let rich: INestApplication;
    const sent: OutgoingRecord[] = [];
    beforeAll(async () => {
      rich = await apiApp(sent, manyLoans);
    });
    afterAll(async () => rich.close());

    it('every write endpoint answers 2xx to valid bodies (409 only for the state they meet), and never 5xx to a body with one field changed', async () => {
      let n = 0;
      const tally = new Map<string, { valid: number; validOk: number; changed: number; changedOk: number; statuses: Record<number, number> }>();
      const input = fc.constantFrom(...Object.keys(VALID_BODIES)).chain((endpoint) =>
        fc.tuple(fc.constant(endpoint), VALID_BODIES[endpoint].path, fc.oneof({ arbitrary: VALID_BODIES[endpoint].body.map((body) => ({ body, mutation: undefined as string | undefined })), weight: 2 }, { arbitrary: mutateOne(VALID_BODIES[endpoint].body).map(({ event, mutation }) => ({ body: event, mutation: mutation.path as string | undefined })), weight: 1 })),
      );
      await fc.assert(
        fc.asyncProperty(input, async ([endpoint, path, { body, mutation }]) => {
          const res = await request(rich.getHttpServer()).post(path).set(auth).set('idempotency-key', `fuzz-${++n}`).set('content-type', 'application/json').send(JSON.stringify(body));
          const t = tally.get(endpoint) ?? { valid: 0, validOk: 0, changed: 0, changedOk: 0, statuses: {} };
          tally.set(endpoint, t);
          t.statuses[res.status] = (t.statuses[res.status] ?? 0) + 1;
          const ok = res.status >= 200 && res.status < 300;
          if (mutation === undefined) {
            t.valid++;
            if (ok) t.validOk++;
          } else {
            t.changed++;
            if (ok) t.changedOk++;
          }
          expect(res.status).toBeLessThan(500);
          // A valid body is refused only for the state it meets (a loan returned or recalled
          // already, one decided already): 409, never 400 (its fields are valid).
          if (mutation === undefined && !ok) expect([res.status, endpoint, res.body.message]).toEqual([409, endpoint, res.body.message]);
          // One stress test at a time per process: cancel it, which is the DELETE endpoint's 2xx.
          if (endpoint === 'stress-tests' && ok) {
            const cancel = await request(rich.getHttpServer()).delete(`/v1/stress-tests/${res.body.jobId}`).set(auth);
            const c = tally.get('stress-tests (DELETE)') ?? { valid: 0, validOk: 0, changed: 0, changedOk: 0, statuses: {} };
            tally.set('stress-tests (DELETE)', c);
            c.valid++;
            c.statuses[cancel.status] = (c.statuses[cancel.status] ?? 0) + 1;
            if (cancel.status >= 200 && cancel.status < 300) c.validOk++;
            // A job may be done before the cancel reaches it: 409 "nothing to cancel".
            expect([200, 202, 204, 409]).toContain(cancel.status);
          }
        }),
        fuzzParameters(300),
      );
      let valid = 0;
      let validOk = 0;
      for (const [endpoint, t] of tally) {
        valid += t.valid;
        validOk += t.validOk;
        process.stderr.write(`fuzz http ${endpoint}: 2xx for ${t.validOk}/${t.valid} valid bodies, ${t.changedOk}/${t.changed} with one field changed; statuses ${JSON.stringify(t.statuses)}\n`);
      }
      process.stderr.write(`fuzz http, all valid bodies: 2xx ${validOk}/${valid} (${((100 * validOk) / Math.max(1, valid)).toFixed(1)}%)\n`);
      for (const endpoint of [...Object.keys(VALID_BODIES), 'stress-tests (DELETE)']) expect([endpoint, (tally.get(endpoint)?.validOk ?? 0) > 0]).toEqual([endpoint, true]);
      expect(validOk / valid).toBeGreaterThanOrEqual(0.5);
      // What was accepted was published: one record per accepted decision, return and recall.
      expect(sent.length).toBeGreaterThan(0);
    }, 300_000);
  });
});
