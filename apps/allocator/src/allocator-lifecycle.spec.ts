import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TOPICS } from '@imc/contracts';
import { crisisEv, twoMissionWorld } from '@imc/domain/testing/event.fixtures';
import { AppConfig, EventPublisher, KAFKA, KAFKA_ADMIN, OutgoingRecord, TopicReader } from '@imc/platform';
import { CompactionGuard } from './durability/compaction-guard';
import { IngestService } from './ingest/ingest.service';
import { InputPositions } from './leadership/input-positions';
import { LeadershipService } from './leadership/leadership.service';
import { AllocatorMetrics } from './metrics/allocator-metrics';
import { PlanningService } from './planning/planning.service';
import { AllocatorLifecycle } from './allocator-lifecycle.service';
import { AllocatorState } from './state/allocator-state';

/**
 * Issue 28, item 8: Nest runs every onModuleDestroy before any beforeApplicationShutdown, so a
 * planning worker closed in onModuleDestroy cancelled the plan that the shutdown meant to drain.
 */
describe('AllocatorLifecycle shutdown', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('publishes the plan in flight when the application closes', async () => {
    const sent: OutgoingRecord[] = [];
    const publisher = { publish: async (records: OutgoingRecord[]) => void sent.push(...records), disconnect: async () => undefined };
    const module = await Test.createTestingModule({
      providers: [
        { provide: AppConfig, useValue: new AppConfig() },
        AllocatorMetrics,
        AllocatorState,
        PlanningService,
        CompactionGuard,
        AllocatorLifecycle,
        { provide: EventPublisher, useValue: publisher },
        { provide: TopicReader, useValue: {} },
        { provide: IngestService, useValue: { shutdown: () => undefined } },
        { provide: KAFKA_ADMIN, useValue: { disconnect: async () => undefined } },
        { provide: LeadershipService, useValue: { role: 'leader', stop: async () => undefined } },
        { provide: KAFKA, useValue: {} },
        { provide: InputPositions, useValue: new InputPositions('imc-allocator') },
      ],
    }).compile();
    const app = module.createNestApplication();
    await app.init();
    const state = app.get(AllocatorState);
    const planning = app.get(PlanningService);
    for (const e of [...twoMissionWorld(), crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]) state.apply(e);
    planning.enable();
    const inFlight = planning.runNow();
    // SIGTERM arrives while the plan runs in the worker.
    await app.close();
    await inFlight;
    expect(sent.filter((r) => r.topic === TOPICS.proposals)).toHaveLength(1);
    // The worker did close, after the plan.
    await expect(state.plan()).rejects.toThrow(/closed/);
    // Plans run in a worker thread that starts under ts-node here: seconds on a loaded machine.
  }, 120_000);
});

describe('AllocatorLifecycle live consumer', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('steps down when kafkajs gives up on the input consumer, not when it restarts it', () => {
    const handlers = new Map<string, ((e: unknown) => void)[]>();
    const consumer = { events: { CRASH: 'crash', STOP: 'stop', GROUP_JOIN: 'join', END_BATCH_PROCESS: 'batch', FETCH: 'fetch' }, on: (name: string, fn: (e: unknown) => void) => void handlers.set(name, [...(handlers.get(name) ?? []), fn]) };
    const emit = (name: string, e: unknown): void => (handlers.get(name) ?? []).forEach((fn) => fn(e));
    const reasons: string[] = [];
    const leadership = { role: 'leader', stepDown: (reason: string) => void reasons.push(reason) };
    const none = {} as never;
    const lifecycle = new AllocatorLifecycle(none, none, none, none, none, new AppConfig(), new AllocatorMetrics(), none, none, leadership as unknown as LeadershipService, none, none);
    lifecycle.markLive(consumer as never);
    emit('crash', { payload: { error: new Error('rebalance in progress'), restart: true } });
    expect(reasons).toEqual([]);
    emit('crash', { payload: { error: new Error('Failed to find group coordinator'), restart: false } });
    expect(reasons).toEqual([expect.stringContaining('input consumer stopped')]);
  });
});
