import { Injectable, Logger } from '@nestjs/common';
import { EVENT_TYPES, parseEvent } from '@imc/contracts';
import { EventPublisher, retryTransient } from '@imc/platform';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { PlanningService } from '../planning/planning.service';
import { AllocatorState } from '../state/allocator-state';
import { ConsumedMessage, deadLetter, reasonKind } from './dead-letter';

export type IngestOutcome = 'applied' | 'duplicate' | 'stale' | 'dead-lettered';

/**
 * One message in, one outcome out: validate, dedupe, apply, and ask for a re-plan. A poison
 * message goes to imc.dlq and never blocks its partition; only broker trouble is retried.
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
  ) {}

  async handle(message: ConsumedMessage): Promise<IngestOutcome> {
    const verdict = this.check(message);
    if (!verdict.ok) {
      await this.deadLetter(message, verdict.reason);
      return 'dead-lettered';
    }
    const event = verdict.event;
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

  /** Stops retrying publishes once the service is shutting down. */
  shutdown(): void {
    this.stopping = true;
  }

  private check(message: ConsumedMessage): ReturnType<typeof parseEvent> {
    if (message.value === null || message.value.length === 0) return { ok: false, reason: 'empty message: a tombstone or no value' };
    const parsed = parseEvent(message.value.toString('utf8'));
    if (!parsed.ok) return parsed;
    const expected = (EVENT_TYPES as Record<string, string>)[parsed.event.type];
    if (expected !== message.topic) {
      return { ok: false, reason: `wrong topic: ${parsed.event.type} belongs on ${expected}, not ${message.topic}` };
    }
    return parsed;
  }

  private async deadLetter(message: ConsumedMessage, reason: string): Promise<void> {
    this.metrics.rejected.inc({ reason: reasonKind(reason) });
    this.logger.warn(JSON.stringify({ msg: 'dead-lettered', topic: message.topic, partition: message.partition, offset: message.offset, reason }));
    await retryTransient(
      () => this.publisher.publish([deadLetter(message, reason)]),
      (error, attempt) => this.logger.warn(`dead-letter publish failed (attempt ${attempt}), retrying: ${error instanceof Error ? error.message : String(error)}`),
      () => this.stopping,
    );
  }
}
