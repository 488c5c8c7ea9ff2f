import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import * as fc from 'fast-check';
import request from 'supertest';
import { EVENT_TYPES, type Proposal } from '@imc/contracts';
import { fuzzParameters } from '@imc/contracts/testing/fuzz';
import { planScenario, scenarioLines, type World } from '@imc/domain';
import { inProcessRunner, planProposal } from '@imc/optimizer';
import { AppConfig, EventPublisher, KAFKA_ADMIN, loadConfig } from '@imc/platform';
import { TokenRegistry } from '../auth/token-registry';
import { configureJsonBody } from '../http/json-body';
import { PlannerApiModule } from '../planner-api.module';
import { PlannerView } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { proposedEvent } from '../testing/fixtures';
import { AdviceVariants } from './advice-variants';

/**
 * GET /v1/proposals/{proposalId}/advice in-process (the real module, pipe and filter; Kafka
 * replaced, variants planned in this process rather than on worker threads): roles, the answer on
 * the Jonglei 2012 world, and any path parameter never giving a 5xx.
 */
const TOKENS = 'fuzz-viewer:viewer';
const viewer = { authorization: 'Bearer fuzz-viewer' };
const plan = (problem: Parameters<typeof planProposal>[0], options: { scope: string; version: number }) => planProposal(problem, options);

async function jongleiView(): Promise<{ view: PlannerView; proposals: Proposal[] }> {
  const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'scenarios', '05-jonglei-2012.jsonl'), 'utf8');
  const run = await planScenario(text, { plan });
  const view = new PlannerView();
  // The same events the allocator read, then what it published: the view's world is the one the last proposal was planned from.
  for (const l of scenarioLines(text)) {
    const type = (JSON.parse(l.text) as { type: keyof typeof EVENT_TYPES }).type;
    view.applyRecord(EVENT_TYPES[type], l.text);
  }
  for (const p of run.proposals) view.applyRecord(EVENT_TYPES['imc.allocation.proposed'], proposedEvent(p));
  return { view, proposals: run.proposals };
}

async function apiApp(view: PlannerView): Promise<{ app: INestApplication; runs: { count: number } }> {
  const readModel = { view, loaded: () => true, detail: () => ({}), start: async () => undefined, onApplicationShutdown: async () => undefined };
  const admin = { describeCluster: async () => ({ brokers: [{}] }), disconnect: async () => undefined };
  const publisher = { publish: async () => undefined, connect: async () => undefined, disconnect: async () => undefined };
  const runs = { count: 0 };
  const variants = {
    runner: (world: World, scope: string) => {
      runs.count++;
      return inProcessRunner(world, scope, plan);
    },
    onModuleDestroy: async () => undefined,
  };
  const config: AppConfig = loadConfig({ IMC_API_TOKENS: TOKENS });
  const moduleRef = await Test.createTestingModule({ imports: [PlannerApiModule.register(config, TokenRegistry.parse(TOKENS))] })
    .overrideProvider(KAFKA_ADMIN)
    .useValue(admin)
    .overrideProvider(EventPublisher)
    .useValue(publisher)
    .overrideProvider(ReadModelService)
    .useValue(readModel)
    .overrideProvider(AdviceVariants)
    .useValue(variants)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureJsonBody(app);
  await app.init();
  return { app, runs };
}

describe('GET /v1/proposals/{proposalId}/advice', () => {
  let app: INestApplication;
  let runs: { count: number };
  let proposals: Proposal[];
  beforeAll(async () => {
    Logger.overrideLogger(false);
    const built = await jongleiView();
    proposals = built.proposals;
    ({ app, runs } = await apiApp(built.view));
  }, 60_000);
  afterAll(async () => app?.close());

  const get = (id: string, headers: Record<string, string> = viewer) => request(app.getHttpServer()).get(`/v1/proposals/${id}/advice`).set(headers);

  it('answers a viewer with the measured levers of the current proposal, computed once and kept', async () => {
    const current = proposals[proposals.length - 1].proposalId;
    const [first, second] = await Promise.all([get(current), get(current)]);
    expect(first.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(first.body).toMatchObject({ proposalId: current, complete: true, levers: [expect.objectContaining({ demandId: 'jonglei-2012/utility-helicopter', lever: 'reserve-floor' }), expect.anything()] });
    expect((await get(current)).body).toEqual(first.body);
    expect(runs.count).toBe(1);
  }, 60_000);

  it('401 without a token, 404 for an unknown proposal, 409 for a superseded one never asked about', async () => {
    expect((await get(proposals[proposals.length - 1].proposalId, {})).status).toBe(401);
    expect((await get('global:999')).status).toBe(404);
    const superseded = await get(proposals[0].proposalId);
    expect(superseded.status).toBe(409);
    expect(superseded.body.message).toMatch(/is superseded by global:2/);
  });

  it('never answers 5xx, whatever the path parameter', async () => {
    const id = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('global:1', 'global:2', 'global:', ':', '..', '%', '%00', 'global:2/..', '__proto__', 'constructor'));
    await fc.assert(
      fc.asyncProperty(id, async (raw) => {
        const res = await get(encodeURIComponent(raw));
        expect([200, 404, 409]).toContain(res.status);
        expect(typeof res.body.message === 'string' || Array.isArray(res.body.levers)).toBe(true);
      }),
      fuzzParameters(400),
    );
  }, 120_000);
});
