import { Logger } from '@nestjs/common';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import { TOPIC_SPECS, topicConfig, TopicSpec } from '@imc/contracts';
import type { TopicPlacement } from '../config/app-config';
import { ensureTopics } from './kafka-client';
import { REPLAY_TOPICS } from './topic-reader';

/** The settings a topic's retention depends on; everything else is the operator's business. */
const CHECKED = ['cleanup.policy', 'retention.ms', 'retention.bytes'];

/**
 * What in a topic's effective settings would lose state the services rebuild from, in words an
 * operator can act on; undefined when nothing would. The DLQ (`expires`) may lose records by design.
 */
export function lossySetting(spec: TopicSpec, settings: Record<string, string | undefined>): string | undefined {
  if (spec.retention === 'expires') return undefined;
  const policies = (settings['cleanup.policy'] ?? 'delete').split(',').map((p) => p.trim());
  const deletes = policies.includes('delete');
  const timeAndSize = (): string | undefined => {
    if (settings['retention.ms'] !== '-1') return `retention.ms=${settings['retention.ms'] ?? 'unset'} (needs -1: records older than that are deleted)`;
    if (settings['retention.bytes'] !== '-1') return `retention.bytes=${settings['retention.bytes'] ?? 'unset'} (needs -1: the oldest records are deleted past that size)`;
    return undefined;
  };
  if (spec.retention === 'compact') {
    if (!policies.includes('compact')) return `cleanup.policy=${policies.join(',')} (needs compact, keyed by ${spec.key})`;
    return deletes ? timeAndSize() : undefined;
  }
  if (policies.includes('compact')) return `cleanup.policy=${policies.join(',')} (needs delete with unlimited retention: compaction keeps one record per key, ${spec.why.split(';')[0]})`;
  return timeAndSize();
}

export class LossyTopicError extends Error {
  /** An operator's setting, not an outage: retrying cannot change it (see isTransient). */
  readonly final = true;
  constructor(problems: string[]) {
    super(`${problems.join('; ')}; fix the topic (kafka-configs --alter) or set IMC_ALLOW_LOSSY_TOPICS=true to accept losing state`);
    this.name = 'LossyTopicError';
  }
}

/** "topic <name>: <setting>" for every topic among `topics` that would lose state. */
export async function lossyTopics(admin: Admin, topics: readonly string[] = REPLAY_TOPICS, specs: readonly TopicSpec[] = TOPIC_SPECS): Promise<string[]> {
  const wanted = specs.filter((s) => topics.includes(s.name) && s.retention !== 'expires');
  if (wanted.length === 0) return [];
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: wanted.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name, configNames: CHECKED })),
  });
  const problems: string[] = [];
  for (const spec of wanted) {
    const resource = described.resources.find((r) => r.resourceName === spec.name);
    const settings = Object.fromEntries((resource?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
    const problem = lossySetting(spec, settings);
    if (problem) problems.push(`topic ${spec.name}: ${problem}`);
  }
  return problems;
}

/**
 * Gives every topic among `topics` that would lose state the settings the services create topics
 * with, and returns what it changed ("topic <name>: <setting>"). Only for a broker the caller
 * owns: `npm start` uses it on its local broker, whose data directory may come from a version
 * that created topics with the broker's 7-day default. An operator's cluster is never altered:
 * the services refuse to start there instead (ensureDurableTopics).
 */
export async function repairLossyTopics(admin: Admin, topics: readonly string[] = REPLAY_TOPICS, specs: readonly TopicSpec[] = TOPIC_SPECS): Promise<string[]> {
  const problems = await lossyTopics(admin, topics, specs);
  if (problems.length === 0) return [];
  const names = new Set(problems.map((p) => p.slice('topic '.length, p.indexOf(':'))));
  // AlterConfigs replaces a topic's whole set of overrides: give it all the contract's settings.
  await admin.alterConfigs({
    validateOnly: false,
    resources: specs
      .filter((s) => names.has(s.name))
      .map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name, configEntries: Object.entries(topicConfig(s)).map(([name, value]) => ({ name, value })) })),
  });
  return problems;
}

/**
 * Every service's first step against Kafka: create the contract's missing topics with the
 * settings that keep state, then refuse to start (one line, naming the topic and the setting) if
 * a topic it rebuilds from would still lose state, for instance one an operator created with the
 * broker's 7-day default. With `allowLossy` the service starts and warns, at every start.
 */
export async function ensureDurableTopics(admin: Admin, allowLossy: boolean, topics: readonly string[] = REPLAY_TOPICS, placement: TopicPlacement = {}): Promise<string[]> {
  const created = await ensureTopics(admin, 1, TOPIC_SPECS, placement);
  const problems = await lossyTopics(admin, topics);
  if (problems.length > 0) {
    if (!allowLossy) throw new LossyTopicError(problems);
    new Logger('TopicCheck').warn(`IMC_ALLOW_LOSSY_TOPICS=true: starting although state can be lost: ${problems.join('; ')}`);
  }
  return created;
}
