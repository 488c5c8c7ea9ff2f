import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CloudEvent, cloudEvent, Decision, LoanExtended, LoanRecalled, LoanReturned, parseEvent, TOPICS, errorMessage } from '@imc/contracts';
import { EventPublisher } from '@imc/platform';
import { ApiError } from '../http/api-error';
import { CORRELATION_HEADER } from '../http/correlation-id.middleware';
import { currentCorrelationId } from '../http/request-context';
import { FINGERPRINT_HEADER, KeyedRequest } from '../idempotency/idempotency-key';
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

  /** A keyed request's decision carries the key's event id as its decisionId (the caller makes it so). */
  async decided(decision: Decision, time: string, keyed?: KeyedRequest): Promise<CloudEvent<Decision>> {
    const event = this.envelope('imc.allocation.decided', decision.decisionId, time, decision.proposalId, decision);
    await this.send(event, decision.proposalId, keyed);
    return event;
  }

  /**
   * `time` is event time, the world's asOf, as for a decision; the return's own date stays in the
   * data. Stamped with returnedAt, a return dated next month moved every later plan to next month.
   */
  async returned(returned: LoanReturned, time: string, keyed?: KeyedRequest): Promise<CloudEvent<LoanReturned>> {
    const event = this.envelope('imc.loan.returned', keyed?.eventId ?? `return-${randomUUID()}`, time, returned.loanId, returned);
    await this.send(event, returned.loanId, keyed);
    return event;
  }

  /** `time` is event time, the world's asOf; recalledAt stays in the data (see returned). */
  async recalled(recalled: LoanRecalled, time: string, keyed?: KeyedRequest): Promise<CloudEvent<LoanRecalled>> {
    const event = this.envelope('imc.loan.recalled', keyed?.eventId ?? `recall-${randomUUID()}`, time, recalled.loanId, recalled);
    await this.send(event, recalled.loanId, keyed);
    return event;
  }

  /** (v3) Stamped with extendedAt, the world's "now", as decisions are. */
  async extended(extended: LoanExtended, keyed?: KeyedRequest): Promise<CloudEvent<LoanExtended>> {
    const event = this.envelope('imc.loan.extended', keyed?.eventId ?? `extend-${randomUUID()}`, extended.extendedAt, extended.loanId, extended);
    await this.send(event, extended.loanId, keyed);
    return event;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }

  private envelope<T>(type: string, id: string, time: string, subject: string, data: T): CloudEvent<T> {
    return cloudEvent({ id, source: API_SOURCE, type, time, subject, data });
  }

  private async send(event: CloudEvent, key: string, keyed: KeyedRequest | undefined): Promise<void> {
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
      const headers = { ...(correlationId ? { [CORRELATION_HEADER]: correlationId } : {}), ...(keyed ? { [FINGERPRINT_HEADER]: keyed.fingerprint } : {}) };
      const sent = this.publisher.publish([{ topic: TOPICS.decisions, key, value: event, headers: Object.keys(headers).length > 0 ? headers : undefined }]);
      sent.catch(() => undefined);
      await Promise.race([sent, deadline]);
    } catch (error) {
      this.logger.error({ msg: 'publish failed', type: event.type, eventId: event.id, correlationId, error: errorMessage(error) });
      throw ApiError.unacknowledged(
        keyed
          ? `the broker did not acknowledge event ${event.id}; it may be recorded yet: retry with the same Idempotency-Key, which answers the first answer if it was recorded and records it once if not`
          : `the broker did not acknowledge event ${event.id}; it is not known to be recorded: look for it before retrying (a repeated approval answers 409), or send an Idempotency-Key to make retries safe`,
        event.id,
      );
    } finally {
      clearTimeout(timer);
    }
    this.metrics.published.inc({ type: event.type });
    this.logger.log({ msg: 'event published', type: event.type, eventId: event.id, key, correlationId });
  }
}
