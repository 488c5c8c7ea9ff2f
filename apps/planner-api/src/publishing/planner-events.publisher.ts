import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CloudEvent, cloudEvent, Decision, LoanExtended, LoanRecalled, LoanReturned, parseEvent, TOPICS } from '@imc/contracts';
import { EventPublisher } from '@imc/platform';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { CORRELATION_HEADER } from '../http/correlation-id.middleware';
import { currentCorrelationId } from '../http/request-context';
import { ApiMetrics } from '../metrics/api-metrics';

export const API_SOURCE = '/imc/planner-api';

/** A write answers within 10 s even with the broker away (503 then); the rest is request overhead. */
export const WRITE_DEADLINE_MS = 8000;

/**
 * The API's only way to write: decisions, returns, recalls and extensions as CloudEvents on imc.decisions, through the
 * idempotent acks=all publisher. Resolves only once the broker has acknowledged the record; one
 * the broker did not acknowledge is reported as 503 and is not counted by the read model (if the
 * broker wrote it after all, the read model picks it up from the topic).
 */
@Injectable()
export class PlannerEventsPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(PlannerEventsPublisher.name);

  constructor(
    private readonly publisher: EventPublisher,
    private readonly metrics: ApiMetrics,
  ) {}

  async decided(decision: Decision, time: string): Promise<CloudEvent<Decision>> {
    const event = this.envelope('imc.allocation.decided', decision.decisionId, time, decision.proposalId, decision);
    await this.send(event, decision.proposalId);
    return event;
  }

  async returned(returned: LoanReturned): Promise<CloudEvent<LoanReturned>> {
    const event = this.envelope('imc.loan.returned', `return-${randomUUID()}`, returned.returnedAt, returned.loanId, returned);
    await this.send(event, returned.loanId);
    return event;
  }

  async recalled(recalled: LoanRecalled): Promise<CloudEvent<LoanRecalled>> {
    const event = this.envelope('imc.loan.recalled', `recall-${randomUUID()}`, recalled.recalledAt, recalled.loanId, recalled);
    await this.send(event, recalled.loanId);
    return event;
  }

  /** (v3) Stamped with extendedAt, the world's "now", as decisions are. */
  async extended(extended: LoanExtended): Promise<CloudEvent<LoanExtended>> {
    const event = this.envelope('imc.loan.extended', `extend-${randomUUID()}`, extended.extendedAt, extended.loanId, extended);
    await this.send(event, extended.loanId);
    return event;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }

  private envelope<T>(type: string, id: string, time: string, subject: string, data: T): CloudEvent<T> {
    return cloudEvent({ id, source: API_SOURCE, type, time, subject, data });
  }

  private async send(event: CloudEvent, key: string): Promise<void> {
    // What the API writes is an input of the allocator: it must pass the same check.
    const check = parseEvent(JSON.parse(JSON.stringify(event)) as unknown);
    if (!check.ok) throw new Error(`refusing to publish an invalid ${event.type}: ${check.reason}`);
    const correlationId = currentCorrelationId();
    let timer: NodeJS.Timeout | undefined;
    try {
      // kafkajs retries a lost broker for half a minute or more; a planner gets 503 within 10 s
      // instead. The send may still land afterwards: the read model then picks it up from the topic.
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no acknowledgement within ${WRITE_DEADLINE_MS} ms`)), WRITE_DEADLINE_MS);
      });
      const sent = this.publisher.publish([{ topic: TOPICS.decisions, key, value: event, headers: correlationId ? { [CORRELATION_HEADER]: correlationId } : undefined }]);
      sent.catch(() => undefined);
      await Promise.race([sent, deadline]);
    } catch (error) {
      this.logger.error({ msg: 'publish failed', type: event.type, eventId: event.id, correlationId, error: error instanceof Error ? error.message : String(error) });
      throw new ApiError(ApiErrorCode.Unavailable, 'the broker did not acknowledge the event; it is not known to be recorded: check before retrying (a repeated approval answers 409)');
    } finally {
      clearTimeout(timer);
    }
    this.metrics.published.inc({ type: event.type });
    this.logger.log({ msg: 'event published', type: event.type, eventId: event.id, key, correlationId });
  }
}
