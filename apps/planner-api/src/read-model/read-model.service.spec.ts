import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { TOPIC_SPECS, topicConfig, TOPICS } from '@imc/contracts';
import { AppConfig, TopicReader } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';
import { ApiMetrics } from '../metrics/api-metrics';
import { ReadModelService } from './read-model.service';

/** A kafkajs consumer as the read model uses it: events, run, seek. No broker. */
class ConsumerDouble extends EventEmitter {
  readonly events = { CRASH: 'crash', STOP: 'stop', GROUP_JOIN: 'join', END_BATCH_PROCESS: 'batch', FETCH: 'fetch' };
  readonly seeks: { topic: string; partition: number; offset: string }[] = [];
  eachBatch: ((p: { batch: { topic: string; partition: number; messages: { offset: string; value: Buffer | null; headers?: object }[] }; resolveOffset: (offset: string) => void }) => Promise<void>) | undefined;
  disconnected = false;
  async connect(): Promise<void> {}
  async subscribe(): Promise<void> {}
  async run(options: { eachBatch: ConsumerDouble['eachBatch'] }): Promise<void> {
    this.eachBatch = options.eachBatch;
  }
  seek(at: { topic: string; partition: number; offset: string }): void {
    this.seeks.push(at);
  }
  async disconnect(): Promise<void> {
    this.disconnected = true;
  }
}

/** An admin whose topics exist with the contract's settings, all empty. */
const admin = {
  listTopics: async () => TOPIC_SPECS.map((s) => s.name),
  describeConfigs: async () => ({ resources: TOPIC_SPECS.map((s) => ({ resourceName: s.name, configEntries: Object.entries(topicConfig(s)).map(([configName, configValue]) => ({ configName, configValue })) })) }),
  fetchTopicOffsets: async () => [{ partition: 0, offset: '0', high: '0', low: '0' }],
  fetchOffsets: async () => [],
  deleteGroups: async () => undefined,
  disconnect: async () => undefined,
} as unknown as Admin;

describe('ReadModelService live consumer', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('follows again from the last record applied when kafkajs gives up on its consumer', async () => {
    const made: ConsumerDouble[] = [];
    const kafka = { consumer: () => made[made.push(new ConsumerDouble()) - 1] } as unknown as Kafka;
    const reader = { readAll: async () => [] } as unknown as TopicReader;
    const service = new ReadModelService(kafka, admin, reader, new ApiMetrics(), new AppConfig());
    service.rejoinMs = 10;
    await service.start();
    expect(service.detail().consuming).toBe(true);
    await made[0].eachBatch?.({ batch: { topic: TOPICS.clock, partition: 0, messages: [{ offset: '6', value: null }] }, resolveOffset: () => undefined });
    made[0].emit('crash', { payload: { error: new Error('Failed to find group coordinator'), restart: false } });
    expect(service.detail().consuming).toBe(false);
    await new Promise((r) => setTimeout(r, 60));
    expect(made).toHaveLength(2);
    expect(made[0].disconnected).toBe(true);
    expect(made[1].seeks).toContainEqual({ topic: TOPICS.clock, partition: 0, offset: '7' });
    expect(service.detail().consuming).toBe(true);
    await service.onApplicationShutdown();
    made[1].emit('crash', { payload: { error: new Error('x'), restart: false } });
    await new Promise((r) => setTimeout(r, 60));
    expect(made).toHaveLength(2);
  });
});
