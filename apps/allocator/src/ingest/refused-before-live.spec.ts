import { Logger } from '@nestjs/common';
import { DLQ_HEADERS, TOPIC_SPECS, topicConfig, TOPICS } from '@imc/contracts';
import { ev } from '@imc/domain/testing/event.fixtures';
import { AppConfig, EventPublisher, OutgoingRecord, TopicReader } from '@imc/platform';
import { Admin } from 'kafkajs';
import { CompactionGuard } from '../durability/compaction-guard';
import { StandbyWorld } from '../leadership/follower';
import type { LeadershipService } from '../leadership/leadership.service';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import type { PlanningService } from '../planning/planning.service';
import { AllocatorLifecycle } from '../allocator-lifecycle.service';
import { AllocatorState } from '../state/allocator-state';
import { IngestService } from './ingest.service';

/**
 * Issue 28, item 7: a record the world refuses is remembered as seen. Refused at the start-up read
 * or by a standby, it was then counted as a duplicate when the live consumer read it (not
 * committed past), and never reached the DLQ.
 */
const headers = { 'content-type': Buffer.from('application/cloudevents+json') };
const orphanReturn = ev('imc.loan.returned', '2010-12-20T00:00:00Z', { loanId: 'loan-z', returnedAt: '2010-12-20T00:00:00Z' }, 'ret-z');
const value = Buffer.from(JSON.stringify(orphanReturn));

function live(state: AllocatorState): { ingest: IngestService; published: OutgoingRecord[] } {
  const published: OutgoingRecord[] = [];
  const publisher = { publish: async (records: OutgoingRecord[]) => void published.push(...records) } as unknown as EventPublisher;
  const planning = { idle: async () => undefined, runNow: async () => undefined, schedule: () => undefined } as unknown as PlanningService;
  return { ingest: new IngestService(state, planning, publisher, new AllocatorMetrics(), new CompactionGuard()), published };
}

const message = { topic: TOPICS.decisions, partition: 0, offset: '3', key: Buffer.from('loan-z'), value, headers };

describe('a record refused before the live consumer reads it', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('refused by a standby, is dead-lettered by the live consumer once it leads, and only once', async () => {
    const state = new AllocatorState(new AppConfig());
    new StandbyWorld(state, new CompactionGuard()).take(TOPICS.decisions, value, message.key, headers);
    const { ingest, published } = live(state);
    await expect(ingest.handle(message)).resolves.toBe('dead-lettered');
    expect(published.map((r) => [r.topic, String((r.headers ?? {})[DLQ_HEADERS.reason])])).toEqual([[TOPICS.dlq, 'unknown loan loan-z']]);
    await expect(ingest.handle({ ...message, offset: '4' })).resolves.toBe('duplicate');
  });

  it('refused at the start-up read, is dead-lettered by the live consumer', async () => {
    const state = new AllocatorState(new AppConfig());
    const admin = {
      listTopics: async () => TOPIC_SPECS.map((s) => s.name),
      describeConfigs: async () => ({ resources: TOPIC_SPECS.map((s) => ({ resourceName: s.name, configEntries: Object.entries(topicConfig(s)).map(([configName, configValue]) => ({ configName, configValue })) })) }),
      fetchTopicOffsets: async () => [{ partition: 0, offset: '0', high: '4', low: '0' }],
    } as unknown as Admin;
    const reader = { readAll: async () => [{ topic: TOPICS.decisions, partition: 0, offset: '3', message: { key: message.key, value, headers } }] } as unknown as TopicReader;
    const none = {} as never;
    const lifecycle = new AllocatorLifecycle(reader, state, none, none, none, new AppConfig(), new AllocatorMetrics(), admin, new CompactionGuard(), { role: 'starting' } as unknown as LeadershipService, none, none);
    try {
      await lifecycle.loadState();
      const { ingest, published } = live(state);
      await expect(ingest.handle(message)).resolves.toBe('dead-lettered');
      expect(published).toHaveLength(1);
    } finally {
      await state.onApplicationShutdown();
    }
    // The start-up read warms the planning worker, which starts under ts-node here: seconds on a loaded machine.
  }, 120_000);
});
