import { randomUUID } from 'node:crypto';
import { ConfigResourceTypes } from 'kafkajs';
import { TopicName, TopicSpec } from '@imc/contracts';
import { lossyTopics, repairLossyTopics } from '@imc/platform';
import { testKafka } from '../support/kafka-client';

const WEEK = String(7 * 24 * 3600 * 1000);

/**
 * npm start's local broker may keep a data directory from a version that created topics with the
 * broker's 7-day default; start repairs them instead of letting the services refuse to start.
 * Topics of this spec's own, so the shared broker's contract topics are left alone.
 */
describe('repairing a local broker topic that would lose state', () => {
  it('gives a 7-day topic unlimited retention and a delete-policy topic compaction, keeping the size limit', async () => {
    const suffix = randomUUID().slice(0, 8);
    const stream = { name: `repair-${suffix}.stream` as TopicName, retention: 'forever', key: 'id', why: 'test', maxMessageBytes: 2 * 1024 * 1024 } as TopicSpec;
    const state = { name: `repair-${suffix}.state` as TopicName, retention: 'compact', key: 'id', why: 'test' } as TopicSpec;
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: stream.name, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: WEEK }] },
          { topic: state.name, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'delete' }] },
        ],
      });
      const names = [stream.name, state.name];
      const before = await lossyTopics(admin, names, [stream, state]);
      expect(before).toEqual([expect.stringContaining(`topic ${stream.name}: retention.ms=${WEEK}`), expect.stringContaining(`topic ${state.name}: cleanup.policy=delete`)]);

      expect(await repairLossyTopics(admin, names, [stream, state])).toEqual(before);

      expect(await lossyTopics(admin, names, [stream, state])).toEqual([]);
      const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: stream.name, configNames: ['max.message.bytes', 'retention.ms'] }] });
      const settings = Object.fromEntries(described.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
      expect(settings).toEqual({ 'max.message.bytes': String(2 * 1024 * 1024), 'retention.ms': '-1' });
      // Nothing left to repair: a second call changes nothing.
      expect(await repairLossyTopics(admin, names, [stream, state])).toEqual([]);
    } finally {
      await admin.deleteTopics({ topics: [stream.name, state.name] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
