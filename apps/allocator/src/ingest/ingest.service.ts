import { Injectable, Logger } from '@nestjs/common';
import { CloudEvent, parseRecord } from '@imc/contracts';
import { EventPublisher, retryTransient } from '@imc/platform';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { PlanningService } from '../planning/planning.service';
import { AllocatorState } from '../state/allocator-state';
import { ConsumedMessage, deadLetter, reasonKind } from './dead-letter';

export type IngestOutcome = 'applied' | 'duplicate' | 'stale' | 'dead-lettered';

/** Attempts at applying one valid event before it is dead-lettered with the error. */
export const APPLY_ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One message in, one outcome out: validate (either CloudEvents content mode), dedupe, apply, and
 * ask for a re-plan. Never throws for anything in the record: a record that cannot be read, that
 * the world refuses, or whose applying keeps failing goes to imc.dlq with its reason, and the
 * partition moves on. Only broker trouble while dead-lettering is retried without bound, because
 * committing past a record that is neither applied nor dead-lettered would lose it.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private stopping = false;

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
      await this.deadLetter(message, verdict.reason);
      return 'dead-lettered';
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
        this.logger.warn(JSON.stringify({ msg: 'apply failed', topic: message.topic, offset: message.offset, id: verdict.event.id, attempt, error: messageOf(error) }));
        if (attempt < APPLY_ATTEMPTS) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS * attempt));
      }
    }
    await this.deadLetter(message, `not applied after ${APPLY_ATTEMPTS} attempts: ${messageOf(lastError)}`);
    return 'dead-lettered';
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
    if (result.status === 'rejected') {
      await this.deadLetter(message, result.reason ?? 'rejected by the world state');
      return 'dead-lettered';
    }
    if (result.status === 'duplicate') {
      // Refused at the start-up read or while following as a standby, and not dead-lettered then.
      const refusal = this.state.takeRefusal(event.id);
      if (refusal !== undefined) {
        await this.deadLetter(message, refusal);
        return 'dead-lettered';
      }
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

  private async deadLetter(message: ConsumedMessage, reason: string): Promise<void> {
    this.metrics.rejected.inc({ reason: reasonKind(reason) });
    this.logger.warn(JSON.stringify({ msg: 'dead-lettered', topic: message.topic, partition: message.partition, offset: message.offset, reason }));
    const onError = (error: unknown, attempt: number) => this.logger.warn(`dead-letter publish failed (attempt ${attempt}), retrying: ${messageOf(error)}`);
    try {
      await retryTransient(() => this.publisher.publish([deadLetter(message, reason)]), onError, () => this.stopping);
    } catch (error) {
      if (this.stopping) throw error;
      // Refused for good (a value over the DLQ's size limit): the record's place and reason still
      // go to the DLQ, without the value, rather than the partition stopping on it.
      const why = `${reason}; original value not kept: ${messageOf(error)}`;
      this.logger.error(JSON.stringify({ msg: 'dead-letter refused, sent without its value', topic: message.topic, offset: message.offset, error: messageOf(error) }));
      await retryTransient(() => this.publisher.publish([deadLetter({ ...message, value: null }, why)]), onError, () => this.stopping);
    }
  }
}
