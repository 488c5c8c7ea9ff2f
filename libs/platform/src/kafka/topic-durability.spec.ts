import { TOPIC_SPECS, topicConfig, TOPICS, TopicSpec } from '@imc/contracts';
import { lossySetting, LossyTopicError } from './topic-durability';

const spec = (name: string): TopicSpec => TOPIC_SPECS.find((s) => s.name === name) as TopicSpec;
const WEEK = String(7 * 24 * 3600 * 1000);

describe('topic retention', () => {
  it('gives every topic a service rebuilds from settings that keep its state, and only the DLQ an expiry', () => {
    for (const s of TOPIC_SPECS) {
      expect([s.name, lossySetting(s, topicConfig(s))]).toEqual([s.name, undefined]);
    }
    expect(TOPIC_SPECS.filter((s) => s.retention === 'expires').map((s) => s.name)).toEqual([TOPICS.dlq, TOPICS.lease]);
    // Several decisions per proposal and every proposal version: never compacted.
    expect([spec(TOPICS.decisions).retention, spec(TOPICS.proposals).retention]).toEqual(['forever', 'forever']);
    expect(topicConfig(spec(TOPICS.proposals))).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1', 'max.message.bytes': String(32 * 1024 * 1024) });
  });

  it.each([
    [TOPICS.crises, { 'cleanup.policy': 'delete', 'retention.ms': WEEK, 'retention.bytes': '-1' }, `retention.ms=${WEEK}`],
    [TOPICS.decisions, { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '1073741824' }, 'retention.bytes=1073741824'],
    [TOPICS.decisions, { 'cleanup.policy': 'compact', 'retention.ms': '-1', 'retention.bytes': '-1' }, 'cleanup.policy=compact'],
    [TOPICS.units, { 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' }, 'cleanup.policy=delete (needs compact, keyed by unitId)'],
    [TOPICS.units, { 'cleanup.policy': 'compact,delete', 'retention.ms': WEEK, 'retention.bytes': '-1' }, `retention.ms=${WEEK}`],
  ])('names what would lose state on %s: %j', (name, settings, named) => {
    expect(lossySetting(spec(name), settings)).toContain(named);
  });

  it('accepts compact,delete with unlimited retention, and anything on the DLQ', () => {
    expect(lossySetting(spec(TOPICS.loans), { 'cleanup.policy': 'compact,delete', 'retention.ms': '-1', 'retention.bytes': '-1' })).toBeUndefined();
    expect(lossySetting(spec(TOPICS.dlq), { 'cleanup.policy': 'delete', 'retention.ms': '60000' })).toBeUndefined();
  });

  it('says it in one line, with the way out', () => {
    const error = new LossyTopicError([`topic imc.crises: retention.ms=${WEEK} (needs -1)`, 'topic imc.demands: retention.ms=1 (needs -1)']);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(/^topic imc\.crises: retention\.ms=604800000 .*IMC_ALLOW_LOSSY_TOPICS=true/);
  });
});
