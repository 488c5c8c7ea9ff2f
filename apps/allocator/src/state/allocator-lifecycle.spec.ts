import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TOPICS } from '@imc/contracts';
import { crisisEv, twoMissionWorld } from '@imc/domain/testing/event.fixtures';
import { AppConfig, EventPublisher, KAFKA_ADMIN, OutgoingRecord, TopicReader } from '@imc/platform';
import { CompactionGuard } from '../durability/compaction-guard';
import { IngestService } from '../ingest/ingest.service';
import { LeadershipService } from '../leadership/leadership.service';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { PlanningService } from '../planning/planning.service';
import { AllocatorLifecycle } from './allocator-lifecycle.service';
import { AllocatorState } from './allocator-state';

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
