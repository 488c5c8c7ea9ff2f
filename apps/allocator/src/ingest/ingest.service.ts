import { Injectable, Logger } from '@nestjs/common';
import { CloudEvent, parseRecord, errorMessage } from '@imc/contracts';
import { EventPublisher, isTransient } from '@imc/platform';
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
 * How long a dead letter's publish is waited for and retried while the broker seems away (one
 * kafkajs send alone retries for 20 s and more when the DLQ's partition has no leader). With the
 * try without the value (DEAD_LETTER_FALLBACK_MS) and the offset commit's own patience, inside the
 * consumer group's session timeout (15 s): a handler that waits longer is thrown out of the group
 * and gets the record again, and, as kafkajs hands partitions over one batch at a time, a
 * partition waiting on the DLQ holds every other one too.
 */
export const DEAD_LETTER_PATIENCE_MS = 6000;
/** The wait for the place and reason without the value, after the record itself could not be written. */
export const DEAD_LETTER_FALLBACK_MS = 2000;

function messageOf(error: unknown): string {
  return errorMessage(error);
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
  /** DEAD_LETTER_PATIENCE_MS and DEAD_LETTER_FALLBACK_MS; a spec shortens them. */
  deadLetterPatienceMs = DEAD_LETTER_PATIENCE_MS;
  deadLetterFallbackMs = DEAD_LETTER_FALLBACK_MS;

  constructor(
    private readonly state: AllocatorState,
    private readonly planning: PlanningService,
    private readonly publisher: EventPublisher,
    private readonly metrics: AllocatorMetrics,
    private readonly compaction: CompactionGuard,
  ) {}

  async handle(message: ConsumedMessage): Promise<IngestOutcome> {
    const verdict = parseRecord(message.topic, message.value, message.headers);
    if (!verdict.ok) {
      if (message.value === null) await this.compaction.checkTombstone(message, this.publisher, () => this.stopping);
      return this.deadLetter(message, verdict.reason);
    }
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
        this.logger.warn({ msg: 'apply failed', topic: message.topic, offset: message.offset, id: verdict.event.id, attempt, error: messageOf(error) });
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
    const asOfBefore = this.state.session.world.asOf;
    const result = this.state.apply(event);
    if (result.status === 'rejected') return this.deadLetter(message, result.reason ?? 'rejected by the world state');
    if (result.status === 'duplicate') {
      // Refused at the start-up read or while following as a standby, and not dead-lettered then.
      const refusal = this.state.takeRefusal(event.id);
      if (refusal !== undefined) return this.deadLetter(message, refusal);
      this.metrics.duplicate.inc();
      return 'duplicate';
    }
    if (result.status === 'stale') {
      this.metrics.stale.inc();
      return 'stale';
    }
    this.metrics.consumed.inc({ type: event.type });
    if (asOfBefore !== undefined && Date.parse(event.time) < Date.parse(asOfBefore)) this.noteLate(message, event, asOfBefore);
    this.planning.schedule();
    return 'applied';
  }

  /** Applied although the world's clock had passed its time: said at warn, counted, and named in the next proposal. */
  private noteLate(message: ConsumedMessage, event: CloudEvent, appliedAt: string): void {
    const lateByMs = Date.parse(appliedAt) - Date.parse(event.time);
    this.metrics.lateEvents.inc({ type: event.type });
    this.state.noteLate({ eventId: event.id, type: event.type, time: event.time, appliedAt, lateByMs });
    this.logger.warn({ msg: 'late event applied', id: event.id, type: event.type, time: event.time, asOf: appliedAt, lateByMs, topic: message.topic, partition: message.partition, offset: message.offset });
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
    this.logger.warn({ msg: 'dead-lettered', topic: message.topic, partition: message.partition, offset: message.offset, reason });
    const onError = (error: unknown, attempt: number) => this.logger.warn({ msg: 'dead-letter publish failed, retrying', attempt, error: messageOf(error) });
    const publish = (record: ConsumedMessage, why: string, until: number) => this.publishUntil(record, why, until, onError);
    const deadline = Date.now() + this.deadLetterPatienceMs;
    try {
      await publish(message, reason, deadline);
      return 'dead-lettered';
    } catch (error) {
      if (this.stopping) throw error;
      const why = `${reason}; original value not kept: ${messageOf(error)}`;
      this.logger.error({ msg: 'dead-letter refused, sent without its value', topic: message.topic, partition: message.partition, offset: message.offset, error: messageOf(error) });
      try {
        await publish({ ...message, value: null }, why, Math.max(deadline, Date.now() + this.deadLetterFallbackMs));
        return 'dead-lettered';
      } catch (again) {
        if (this.stopping) throw again;
        this.metrics.deadLetterFailures.inc();
        this.logger.error({ msg: 'dead letter not written; the partition goes on, the record stays on its topic at its offset', topic: message.topic, partition: message.partition, offset: message.offset, reason, error: messageOf(again) });
        return 'dead-letter-failed';
      }
    }
  }

  /** Sends, and sends again after a transient failure, until `until` (never sleeping past it). */
  private async publishUntil(message: ConsumedMessage, reason: string, until: number, onError: (error: unknown, attempt: number) => void): Promise<void> {
    let delay = 200;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.publishDeadLetter(message, reason, until);
      } catch (error) {
        if (this.stopping || !isTransient(error) || Date.now() >= until) throw error;
        onError(error, attempt);
        await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(0, until - Date.now()))));
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  /**
   * One send, waited for until `until` at most (a send given up on may still land later: the DLQ
   * may then hold the record twice, which is better than a partition stopped). kafkajs failing to
   * encode the record (a TypeError or RangeError) fails the same way on every try.
   */
  private async publishDeadLetter(message: ConsumedMessage, reason: string, until: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const sent = this.publisher.publish([deadLetter(message, reason)]);
      sent.catch(() => undefined);
      const waited = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the DLQ did not acknowledge within ${this.deadLetterPatienceMs} ms`)), Math.max(0, until - Date.now()));
      });
      await Promise.race([sent, waited]);
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) Object.assign(error, { final: true });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}
