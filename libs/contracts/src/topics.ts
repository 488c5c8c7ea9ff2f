/** Kafka topics of the contract (CONTRACT.md section 2). */
export const TOPICS = {
  missions: 'imc.missions',
  units: 'imc.units',
  consents: 'imc.consents',
  policies: 'imc.policies',
  crises: 'imc.crises',
  demands: 'imc.demands',
  clock: 'imc.clock',
  decisions: 'imc.decisions',
  proposals: 'imc.proposals',
  loans: 'imc.loans',
  dlq: 'imc.dlq',
  lease: 'imc.allocator.lease',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/**
 * How a topic keeps its records. Kafka is the only store, so every topic a service rebuilds from
 * must keep what the rebuild needs for as long as the deployment lives (docs/operations.md, "Topics and
 * retention"):
 * - `compact`: the latest record per key is kept forever, older ones may go. Only for topics whose
 *   key is the entity id and whose latest version is all the state needs.
 * - `forever`: nothing is deleted (retention.ms and retention.bytes -1). For streams whose every
 *   record counts: several decisions per proposal, every proposal version, every demand change.
 * - `expires`: deleted after retentionMs; only for a topic nothing is rebuilt from (the DLQ).
 */
export type TopicRetention = 'compact' | 'forever' | 'expires';

export interface TopicSpec {
  name: TopicName;
  retention: TopicRetention;
  /** What the Kafka key is, and why the retention fits it (docs/operations.md table). */
  key: string;
  why: string;
  /** For `expires`: how long a record stays. */
  retentionMs?: number;
  /** Larger than the broker's 1 MB default where one record can be big (a proposal for a large world). */
  maxMessageBytes?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** The DLQ keeps a rejected record 30 days: long enough to notice, fix the producer and re-send. */
export const DLQ_RETENTION_MS = 30 * DAY_MS;
/** How long a record of a compacted topic stays untouched by the cleaner. */
export const COMPACTION_LAG_MS = 7 * DAY_MS;

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.missions, retention: 'compact', key: 'missionId', why: 'each upsert carries the whole mission; the highest version is the state' },
  { name: TOPICS.units, retention: 'compact', key: 'unitId', why: 'each upsert carries the whole unit and a removal is a version too; the highest version is the state' },
  { name: TOPICS.consents, retention: 'compact', key: 'consentId', why: 'each record carries the whole consent; the highest version is the state' },
  { name: TOPICS.policies, retention: 'compact', key: '`default`', why: 'one policy, each update whole' },
  {
    name: TOPICS.crises,
   
    retention: 'forever',
    key: 'crisisId',
    why: 'a crisis is declared, updated and resolved by different event types; the start-up read must see them as live did (and asOf is the latest event time), and the volume is small',
  },
  { name: TOPICS.demands, retention: 'forever', key: 'demandId', why: 'raised and withdrawn are different events; replaying all of them gives the live state, and asOf the latest event time' },
  { name: TOPICS.clock, retention: 'forever', key: '`clock`', why: 'a tick only advances asOf; a stale tick surviving compaction could lower it, so every tick is kept (a few bytes each)' },
  { name: TOPICS.decisions, retention: 'forever', key: 'proposalId or loanId', why: 'several decisions share a proposalId: compaction would keep only the last; every approval, rejection, return and recall counts' },
  {
    name: TOPICS.proposals,
   
    retention: 'forever',
    key: 'scope',
    why: 'the audit trail of every plan, and the version sequence: a lost proposal would let global:N be issued twice',
    maxMessageBytes: 32 * 1024 * 1024,
  },
  { name: TOPICS.loans, retention: 'compact', key: 'loanId', why: 'each record carries the whole loan; its latest status is the state (the history is in proposals and decisions)' },
  {
    name: TOPICS.dlq,
   
    retention: 'expires',
    retentionMs: DLQ_RETENTION_MS,
    key: 'the original key',
    why: 'nothing is rebuilt from it; rejected records stay 30 days for an operator to inspect and re-send, then expire',
    maxMessageBytes: 8 * 1024 * 1024,
  },
  {
    name: TOPICS.lease,
    retention: 'expires',
    retentionMs: DAY_MS,
    key: 'none (no records)',
    why: 'carries no records: the allocators of a deployment join one consumer group over its single partition, and the member assigned partition 0 leads (hot standby)',
  },
];

/**
 * The topic-level settings that make a topic keep what its retention promises. Set explicitly
 * rather than inherited, so a broker whose defaults differ (log.retention.hours=168) changes nothing.
 */
export function topicConfig(spec: TopicSpec): Record<string, string> {
  const config: Record<string, string> = {};
  if (spec.retention === 'compact') {
    config['cleanup.policy'] = 'compact';
    // A stale version written after the current one is answered by the allocator writing the
    // current one again (CompactionGuard); a week before the cleaner may touch a record gives a
    // stopped allocator time to come back and do so.
    config['min.compaction.lag.ms'] = String(COMPACTION_LAG_MS);
  } else {
    config['cleanup.policy'] = 'delete';
    config['retention.ms'] = spec.retention === 'forever' ? '-1' : String(spec.retentionMs ?? DLQ_RETENTION_MS);
    config['retention.bytes'] = '-1';
  }
  if (spec.maxMessageBytes) config['max.message.bytes'] = String(spec.maxMessageBytes);
  return config;
}

/** Topics the allocator consumes. */
export const INPUT_TOPICS: readonly TopicName[] = [
  TOPICS.missions,
  TOPICS.units,
  TOPICS.consents,
  TOPICS.policies,
  TOPICS.crises,
  TOPICS.demands,
  TOPICS.clock,
  TOPICS.decisions,
];

/** Event types of the contract, with the topic each travels on. */
export const EVENT_TYPES = {
  'imc.mission.upserted': TOPICS.missions,
  'imc.unit.upserted': TOPICS.units,
  'imc.unit.removed': TOPICS.units,
  'imc.consent.recorded': TOPICS.consents,
  'imc.policy.updated': TOPICS.policies,
  'imc.crisis.declared': TOPICS.crises,
  'imc.crisis.updated': TOPICS.crises,
  'imc.crisis.resolved': TOPICS.crises,
  'imc.demand.raised': TOPICS.demands,
  'imc.demand.withdrawn': TOPICS.demands,
  'imc.clock.ticked': TOPICS.clock,
  'imc.allocation.decided': TOPICS.decisions,
  'imc.loan.returned': TOPICS.decisions,
  'imc.loan.recalled': TOPICS.decisions,
  'imc.loan.extended': TOPICS.decisions,
  'imc.allocation.proposed': TOPICS.proposals,
  'imc.loan.updated': TOPICS.loans,
} as const;

export type EventType = keyof typeof EVENT_TYPES;

export const DLQ_HEADERS = {
  reason: 'imc-dlq-reason',
  originalTopic: 'imc-dlq-original-topic',
  originalPartition: 'imc-dlq-original-partition',
  originalOffset: 'imc-dlq-original-offset',
} as const;
