import { readFileSync } from 'node:fs';
import { Admin, Kafka, logLevel, PartitionMetadata, Producer, RecordMetadata, Transaction } from 'kafkajs';
import { errorMessage, EVENT_TYPES, INPUT_TOPICS, TOPICS } from '@imc/contracts';
import { consumerGroupLag, createKafka, KafkaConnection, retryTransient, sendByPartition } from '@imc/platform';

/** The Kafka key of each event type (CONTRACT.md section 2). */
export function keyOf(type: string, data: Record<string, unknown>): string | null {
  switch (type) {
    case 'imc.mission.upserted':
      return String(data.missionId ?? '');
    case 'imc.unit.upserted':
    case 'imc.unit.removed':
      return String(data.unitId ?? '');
    case 'imc.consent.recorded':
      return String(data.consentId ?? '');
    case 'imc.policy.updated':
      return 'default';
    case 'imc.crisis.declared':
    case 'imc.crisis.updated':
    case 'imc.crisis.resolved':
      return String(data.crisisId ?? '');
    case 'imc.demand.raised':
    case 'imc.demand.withdrawn':
      return String(data.demandId ?? '');
    case 'imc.clock.ticked':
      return 'clock';
    case 'imc.allocation.decided':
      return String(data.proposalId ?? '');
    case 'imc.loan.returned':
    case 'imc.loan.recalled':
    case 'imc.loan.extended':
      return String(data.loanId ?? '');
    default:
      return null;
  }
}

export interface RoutedLine {
  line: number;
  topic: string;
  key: string | null;
  value: string;
  /** The event's `time` as written (undefined when it has none or it is not a string). */
  time?: string;
  /** The event's type (the topic alone does not say: returns, recalls and extensions share imc.decisions with decisions). */
  type?: string;
}

export interface ScenarioLines {
  routed: RoutedLine[];
  /** Lines that cannot be routed to a topic (not JSON, no known type): reported, not sent. */
  unroutable: { line: number; reason: string }[];
}

/**
 * Routes each line of a scenario file to its topic and key. The value is the line as written:
 * validation is the allocator's job, so a line with bad data still reaches it (and its DLQ).
 */
export function routeScenario(text: string): ScenarioLines {
  const routed: RoutedLine[] = [];
  const unroutable: { line: number; reason: string }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      unroutable.push({ line: i + 1, reason: 'not valid JSON' });
      return;
    }
    const event = parsed as { type?: unknown; data?: unknown };
    const type = typeof event.type === 'string' ? event.type : '';
    const topic = (EVENT_TYPES as Record<string, string>)[type];
    if (!topic || topic === TOPICS.proposals || topic === TOPICS.loans) {
      unroutable.push({ line: i + 1, reason: type ? `unknown input event type ${type}` : 'no event type' });
      return;
    }
    const data = typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>) : {};
    const time = typeof (event as { time?: unknown }).time === 'string' ? (event as { time: string }).time : undefined;
    routed.push({ line: i + 1, topic, key: keyOf(type, data), value: line, time, type });
  });
  return { routed, unroutable };
}

/** Input messages a consumer group has not committed yet, over all input topics. */
export async function groupLag(admin: Admin, groupId: string): Promise<number> {
  return (await consumerGroupLag(admin, groupId, INPUT_TOPICS)).reduce((n, p) => n + p.lag, 0);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A planner decides on the proposal in front of them. A file's decision (`latest`, `*`) is sent
 * only once the allocator has consumed everything before it and its proposal has settled, so that
 * it means the same proposal as in the embedded `plan` command.
 */
export async function waitForAllocator(admin: Admin, groupId: string, debounceMs: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A broker that went away is not an answer: asked again.
    if ((await groupLag(admin, groupId).catch(() => -1)) === 0) break;
    await sleep(100);
  }
  if (Date.now() >= deadline) return false;
  // The last change is planned after the debounce; wait until imc.proposals stops growing.
  await sleep(debounceMs + 150);
  let last = '';
  while (Date.now() < deadline) {
    const now = JSON.stringify(await admin.fetchTopicOffsets(TOPICS.proposals).catch(() => 'broker away'));
    if (now === last) return true;
    last = now;
    await sleep(300);
  }
  return false;
}

export type ContentMode = 'structured' | 'binary';

/**
 * Header value of a binary-mode attribute, percent-encoded as the CloudEvents Kafka binding asks
 * for anything outside printable ASCII (and for `%` itself, so that decoding is exact).
 */
export function encodeHeaderValue(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'))
    .map((b) => (b > 0x20 && b < 0x7f && b !== 0x25 ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/**
 * One scenario line as a Kafka message in the chosen content mode. Structured: the line as
 * written, with `content-type: application/cloudevents+json`. Binary: every attribute but `data`
 * as a `ce_*` header, `data` as the value, `datacontenttype` as the `content-type` header.
 */
export function toMessage(r: RoutedLine, mode: ContentMode): { key: string | null; value: string; headers: Record<string, string> } {
  if (mode === 'structured') return { key: r.key, value: r.value, headers: { 'content-type': 'application/cloudevents+json' } };
  const event = JSON.parse(r.value) as Record<string, unknown>;
  const headers: Record<string, string> = { 'content-type': typeof event.datacontenttype === 'string' ? event.datacontenttype : 'application/json' };
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data' || name === 'datacontenttype' || value === undefined || value === null) continue;
    headers[`ce_${name}`] = encodeHeaderValue(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return { key: r.key, value: JSON.stringify(event.data ?? null), headers };
}

export interface ReplayOptions {
  /** CloudEvents content mode of the messages (default structured). */
  mode?: ContentMode;
  progress?: boolean;
  batch?: number;
  /** The allocator's consumer group: decisions wait until it has caught up (see waitForAllocator). */
  allocatorGroup?: string;
  debounceMs?: number;
  waitTimeoutMs?: number;
  /** Lines not to send (npm start resuming an interrupted demo load skips what is already on the topics). */
  skip?: (line: RoutedLine) => boolean;
  /**
   * Send each moment of the file in one batch (overrides `batch`): the lines up to the next one
   * whose time is later, as `plan` groups them before it re-plans. A moment sent in several batches
   * may be planned partway by a live allocator (it cannot know more of that moment is coming), so
   * its history of proposals would have a version `plan --all` does not.
   */
  moments?: boolean;
  /**
   * Each send in a transaction of its own (with `moments`, a moment is then visible whole or not
   * at all to a read_committed reader such as the allocator). Without it, a broker lost mid-send
   * can leave part of a moment written while the producer retries the rest, and an allocator that
   * finds every partition caught up plans the moment partway. Needs WRITE on a transactional id.
   */
  transactional?: boolean;
  /**
   * For tests, faults in a transactional send, each called with the moment's first line and the
   * attempt (1, 2, ...): throwing in `afterSend` (the records reached the broker, not committed) is
   * a transaction that fails before its commit; in `inCommit`, a commit that failed before it was
   * made; in `afterCommit`, a commit that was made but reported failed (the coordinator lost
   * before it answered). The last two leave the replay in doubt, which it settles before sending
   * the moment again.
   */
  faults?: {
    afterSend?: (line: number, attempt: number) => void;
    inCommit?: (line: number, attempt: number) => void;
    afterCommit?: (line: number, attempt: number) => void;
  };
}

/** Milliseconds of an event time, or undefined for a missing or unreadable one. */
function timeMs(time: string | undefined): number | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Where the moment starting at `from` ends (exclusive): the first later line whose time is later
 * than every time before it in the moment, or that has no readable time. A line with an earlier
 * time stays in the moment, as `plan` applies it without re-planning.
 */
export function momentEnd(routed: readonly RoutedLine[], from: number): number {
  const latest = timeMs(routed[from]?.time);
  if (latest === undefined) return from + 1;
  let end = from + 1;
  while (end < routed.length) {
    const t = timeMs(routed[end].time);
    if (t === undefined || t > latest) break;
    end += 1;
  }
  return end;
}

export interface ReplaySummary {
  sent: number;
  unroutable: { line: number; reason: string }[];
  byTopic: Record<string, number>;
  ms: number;
  /** Decisions sent without the allocator having caught up. */
  waits: string[];
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/**
 * Whether the record sent at `at` is read by a read_committed reader, once its transaction is
 * settled: the reader's first record of the partition from that offset is that record when the
 * transaction committed; when it was aborted, the reader is handed nothing from there (its batch
 * is emptied by the filtering) or a later record.
 */
async function committedAt(kafka: Kafka, at: RecordMetadata): Promise<boolean> {
  const offset = BigInt(at.baseOffset as string);
  const consumer = kafka.consumer({ groupId: `imc-replay-check-${process.pid}-${Date.now()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [at.topicName] });
    let decide: (committed: boolean) => void = () => undefined;
    const decided = new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`could not read ${at.topicName}[${at.partition}] at ${offset} to tell whether a moment was committed`)), 60_000);
      decide = (committed) => {
        clearTimeout(timer);
        resolve(committed);
      };
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, (e) => {
      if (e.payload.topic === at.topicName && e.payload.partition === at.partition && BigInt(e.payload.lastOffset) >= offset) decide(false);
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        if (partition === at.partition && BigInt(message.offset) >= offset) decide(BigInt(message.offset) === offset);
      },
    });
    consumer.seek({ topic: at.topicName, partition: at.partition, offset: offset.toString() });
    return await decided;
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Publishes a scenario file in order (one message at a time keeps the order across topics, which
 * is what a replay means), with an idempotent producer and acks from all replicas.
 */
export async function replayFile(path: string, connection: KafkaConnection | string[], options: ReplayOptions = {}): Promise<ReplaySummary> {
  const started = Date.now();
  const scenario = routeScenario(readFileSync(path, 'utf8'));
  const { unroutable } = scenario;
  const routed = options.skip ? scenario.routed.filter((r) => !options.skip?.(r)) : scenario.routed;
  const kafka = createKafka(connection, 'imc-replay', { logLevel: logLevel.NOTHING, logCreator: undefined });
  const transactionalId = options.transactional ? `imc-replay-${process.pid}-${started}` : undefined;
  const newProducer = (): Producer => kafka.producer({ idempotent: true, maxInFlightRequests: 1, ...(transactionalId ? { transactionalId } : {}) });
  let producer = newProducer();
  await producer.connect();
  // False once a failed transaction's producer was replaced: the next attempt connects the new one.
  let connected = true;
  const admin = kafka.admin();
  const usesAdmin = options.allocatorGroup !== undefined || options.transactional === true;
  if (usesAdmin) await admin.connect();
  // Each topic's partitions, for transactional sends (see sendByPartition); a topic not there yet is asked again.
  const partitions = new Map<string, PartitionMetadata[]>();
  const partitionsOf = async (topic: string): Promise<PartitionMetadata[]> => {
    let known = partitions.get(topic);
    if (!known) {
      known = await admin
        .fetchTopicMetadata({ topics: [topic] })
        .then((m) => m.topics[0]?.partitions ?? [])
        .catch(() => []);
      if (known.length > 0) partitions.set(topic, known);
    }
    return known;
  };
  const waits: string[] = [];
  const byTopic: Record<string, number> = {};
  const tty = process.stderr.isTTY;
  let lastShown = -1;
  const batch = Math.max(1, options.batch ?? 1);
  try {
    let i = 0;
    while (i < routed.length) {
      let end = options.moments ? momentEnd(routed, i) : Math.min(i + batch, routed.length);
      if (options.allocatorGroup) {
        // A planner's decision travels alone, after everything before it has been consumed and
        // planned (its `latest` means the proposal in front of the planner). Returns, recalls and
        // extensions name their loan: they go with their moment, as `plan` applies them.
        const at = routed.slice(i, end).findIndex((r) => r.type === 'imc.allocation.decided');
        if (at > 0) end = i + at;
        else if (at === 0) {
          end = i + 1;
          if (!(await waitForAllocator(admin, options.allocatorGroup, options.debounceMs ?? 200, options.waitTimeoutMs ?? 30_000))) {
            waits.push(`line ${routed[i].line}: the allocator (group ${options.allocatorGroup}) did not catch up in time; sent anyway`);
          }
        }
      }
      const slice = routed.slice(i, end);
      const topicMessages = new Map<string, { key: string | null; value: string; headers: Record<string, string> }[]>();
      for (const r of slice) {
        topicMessages.set(r.topic, [...(topicMessages.get(r.topic) ?? []), toMessage(r, options.mode ?? 'structured')]);
        byTopic[r.topic] = (byTopic[r.topic] ?? 0) + 1;
      }
      // A broker of a cluster lost mid-send is retried: the idempotent producer resends with the
      // same sequence numbers, so a batch the broker did write is not written twice.
      const records = { acks: -1, topicMessages: [...topicMessages.entries()].map(([topic, messages]) => ({ topic, messages })) };
      let attempt = 0;
      // The first record of an attempt whose commit failed: committed or not, it is not known.
      let inDoubt: RecordMetadata | undefined;
      await retryTransient(
        async () => {
          if (!connected) {
            await producer.connect();
            connected = true;
          }
          if (!options.transactional) return void (await producer.sendBatch(records));
          if (inDoubt) {
            // The new producer's InitProducerId (at its first transaction, here an empty one)
            // completes the transaction in doubt or aborts it; then a read_committed reader tells.
            await (await producer.transaction()).abort();
            const committed = await committedAt(kafka, inDoubt);
            inDoubt = undefined;
            if (committed) return;
          }
          let transaction: Transaction | undefined;
          let sent: RecordMetadata[] | undefined;
          let committing = false;
          try {
            transaction = await producer.transaction();
            sent = await sendByPartition(transaction, records.topicMessages, partitionsOf);
            attempt += 1;
            options.faults?.afterSend?.(slice[0].line, attempt);
            committing = true;
            options.faults?.inCommit?.(slice[0].line, attempt);
            await transaction.commit();
            options.faults?.afterCommit?.(slice[0].line, attempt);
          } catch (error) {
            // Nothing of an aborted moment is read by a read_committed reader; it is sent again
            // whole, by a new producer under the same transactional id. kafkajs gives a send up
            // while other requests of it may still be in flight, and rolls the sequence of a lost
            // batch back under the same epoch: the old producer's stray batch could land in the
            // next transaction beside the resent one (the moment committed twice on a partition),
            // or the resent batch be taken for the aborted one's duplicate (lost). The new
            // producer's InitProducerId bumps the epoch, which fences every stray batch, and
            // settles the failed transaction first. A commit that failed may still have been
            // made (the coordinator lost after it wrote the commit): that is checked before the
            // moment is sent again.
            if (transaction?.isActive()) await transaction.abort().catch(() => undefined);
            if (committing) inDoubt = sent?.find((m) => m.baseOffset !== undefined && BigInt(m.baseOffset) >= 0n);
            const failed = producer;
            producer = newProducer();
            connected = false;
            await failed.disconnect().catch(() => undefined);
            throw error;
          }
        },
        (error, tries) => {
          if (options.transactional) process.stderr.write(`[replay] line ${slice[0].line}: the moment's transaction failed (attempt ${tries}: ${errorMessage(error)}); sending it again from a new producer${inDoubt ? ' unless its commit was made after all (checked first)' : ''}\n`);
        },
        () => Date.now() - started > 30 * 60_000,
      );
      i = end;
      const done = i;
      if (options.progress) {
        const tenth = Math.floor((done / routed.length) * 10);
        if (tty) process.stderr.write(`\r[replay] ${progressBar(done, routed.length)}`);
        else if (tenth !== lastShown) process.stderr.write(`[replay] ${progressBar(done, routed.length)}\n`);
        lastShown = tenth;
      }
    }
    if (options.progress && tty) process.stderr.write('\n');
  } finally {
    await producer.disconnect();
    if (usesAdmin) await admin.disconnect();
  }
  return { sent: routed.length, unroutable, byTopic, ms: Date.now() - started, waits };
}
