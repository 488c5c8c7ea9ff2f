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
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export interface TopicSpec {
  name: TopicName;
  /** State topics keyed by entity id are compacted; streams are retained. */
  compacted: boolean;
  /** Larger than the broker's 1 MB default where one record can be big (a proposal for a large world). */
  maxMessageBytes?: number;
}

export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.missions, compacted: true },
  { name: TOPICS.units, compacted: true },
  { name: TOPICS.consents, compacted: true },
  { name: TOPICS.policies, compacted: true },
  { name: TOPICS.crises, compacted: false },
  { name: TOPICS.demands, compacted: false },
  { name: TOPICS.clock, compacted: false },
  { name: TOPICS.decisions, compacted: false },
  { name: TOPICS.proposals, compacted: false, maxMessageBytes: 32 * 1024 * 1024 },
  { name: TOPICS.loans, compacted: true },
  { name: TOPICS.dlq, compacted: false, maxMessageBytes: 8 * 1024 * 1024 },
];

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
