import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import * as fc from 'fast-check';
import request from 'supertest';
import { TOPICS } from '@imc/contracts';
import { fuzzParameters, timeText } from '@imc/contracts/testing/fuzz';
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

async function apiApp(published: OutgoingRecord[]): Promise<INestApplication> {
  const view = new PlannerView();
  view.applyRecord(TOPICS.units, unitEvent('u1'));
  view.applyRecord(TOPICS.units, unitEvent('u2'));
  view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [proposedLoan('loan-a', ['u1']), proposedLoan('loan-b', ['u2'])])));
  view.applyRecord(TOPICS.decisions, decisionEvent(decision('dec-0', 'global:1', ['loan-a'])));
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
    // The bodies reached the validation, not only the guards.
    expect(statuses.get(400)).toBeGreaterThan(0);
  }, 120_000);
});
