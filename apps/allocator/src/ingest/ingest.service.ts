import { Injectable, Logger } from '@nestjs/common';
import { CloudEvent, parseRecord } from '@imc/contracts';
import { EventPublisher, retryTransient } from '@imc/platform';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { PlanningService } from '../planning/planning.service';
import { AllocatorState } from '../state/allocator-state';
import { ConsumedMessage, deadLetter, reasonKind } from './dead-letter';

export type IngestOutcome = 'applied' | 'duplicate' | 'stale' | 'dead-lettered' | 'dead-letter-failed';

/** Attempts at applying one valid event before it is dead-lettered with the error. */
export const APPLY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;

/**
 * How long a dead letter's publish is retried while the broker seems away. Inside the consumer
 * group's session timeout (15 s), with room for the offset commit's own patience: a handler that
 * waits longer is thrown out of the group, and, as kafkajs hands partitions over one batch at a
 * time, a partition waiting on the DLQ holds every other one too.
 */
export const DEAD_LETTER_PATIENCE_MS = 8000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One message in, one outcome out: validate (either CloudEvents content mode), dedupe, apply, and
 * ask for a re-plan. Never throws for anything in the record: a record that cannot be read, that
 * the world refuses, or whose applying keeps failing goes to imc.dlq with its reason, and the
 * partition moves on. A dead letter the broker keeps refusing is retried for a bounded time only,
 * then the partition moves on anyway (see deadLetter).
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private stopping = false;
  /** DEAD_LETTER_PATIENCE_MS; a spec shortens it. */
  deadLetterPatienceMs = DEAD_LETTER_PATIENCE_MS;

  constructor(
    private readonly state: AllocatorState,
    private readonly planning: PlanningService,
    private readonly publisher: EventPublisher,
    private readonly metrics: AllocatorMetrics,
    private readonly compaction: CompactionGuard,
  ) {}

  async handle(message: ConsumedMessage): Promise<IngestOutcome> {
    const verdict = parseRecord(message.topic, message.value, message.headers);
    if (!verdict.ok) return this.deadLetter(message, verdict.reason);
    // Before applying: a record that is not the version held gets the held one written after it.
    await this.compaction.check(message, verdict.event, this.publisher, () => this.stopping);
    let lastError: unknown;
    for (let attempt = 1; attempt <= APPLY_ATTEMPTS; attempt++) {
      try {
        return await this.applyOnce(message, verdict.event);
      } catch (error) {
        // Not the record's fault as far as the parser can tell (a bug, a planning error): the
        // world did not mark the id as seen, so another attempt really applies it again.
        lastError = error;
        this.metrics.handlerErrors.inc();
        this.logger.warn(JSON.stringify({ msg: 'apply failed', topic: message.topic, offset: message.offset, id: verdict.event.id, attempt, error: messageOf(error) }));
        if (attempt < APPLY_ATTEMPTS) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
      }
    }
    return this.deadLetter(message, `not applied after ${APPLY_ATTEMPTS} attempts: ${messageOf(lastError)}`);
  }

  /** Stops retrying publishes once the service is shutting down. */
  shutdown(): void {
    this.stopping = true;
  }

  private async applyOnce(message: ConsumedMessage, event: CloudEvent): Promise<IngestOutcome> {
    // The world never changes under a plan, and, as in the embedded `plan` command, the changes
    // of one moment are planned before an event of a later moment is applied.
    await this.planning.idle();
    if (this.state.needsPlanBefore(event)) await this.planning.runNow();
    const result = this.state.apply(event);
    if (result.status === 'rejected') return this.deadLetter(message, result.reason ?? 'rejected by the world state');
    if (result.status === 'duplicate') {
      this.metrics.duplicate.inc();
      return 'duplicate';
    }
    if (result.status === 'stale') {
      this.metrics.stale.inc();
      return 'stale';
    }
    this.metrics.consumed.inc({ type: event.type });
    this.planning.schedule();
    return 'applied';
  }

  /**
   * The record on imc.dlq with its reason; failing that (refused for good, such as a value over the
   * DLQ's size limit, or the broker away past the patience), its place and reason without the
   * value. If even that cannot be written, the partition still moves on: the record stays on its
   * own topic at its offset, and the error log line and imc_dead_letter_failures_total name it.
   * Only a service that is stopping leaves the record for the next start.
   */
  private async deadLetter(message: ConsumedMessage, reason: string): Promise<IngestOutcome> {
    this.metrics.rejected.inc({ reason: reasonKind(reason) });
    this.logger.warn(JSON.stringify({ msg: 'dead-lettered', topic: message.topic, partition: message.partition, offset: message.offset, reason }));
    const started = Date.now();
    const outOfPatience = () => this.stopping || Date.now() - started >= this.deadLetterPatienceMs;
    const onError = (error: unknown, attempt: number) => this.logger.warn(`dead-letter publish failed (attempt ${attempt}), retrying: ${messageOf(error)}`);
    const publish = (record: ConsumedMessage, why: string) => retryTransient(() => this.publishDeadLetter(record, why), onError, outOfPatience);
    try {
      await publish(message, reason);
      return 'dead-lettered';
    } catch (error) {
      if (this.stopping) throw error;
      const why = `${reason}; original value not kept: ${messageOf(error)}`;
      this.logger.error(JSON.stringify({ msg: 'dead-letter refused, sent without its value', topic: message.topic, partition: message.partition, offset: message.offset, error: messageOf(error) }));
      try {
        await publish({ ...message, value: null }, why);
        return 'dead-lettered';
      } catch (again) {
        if (this.stopping) throw again;
        this.metrics.deadLetterFailures.inc();
        this.logger.error(JSON.stringify({ msg: 'dead letter not written; the partition goes on, the record stays on its topic at its offset', topic: message.topic, partition: message.partition, offset: message.offset, reason, error: messageOf(again) }));
        return 'dead-letter-failed';
      }
    }
  }

  /** kafkajs failing to encode the record (a TypeError or RangeError) fails the same way on every try. */
  private async publishDeadLetter(message: ConsumedMessage, reason: string): Promise<void> {
    try {
      await this.publisher.publish([deadLetter(message, reason)]);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) Object.assign(error, { final: true });
      throw error;
    }
  }
}
