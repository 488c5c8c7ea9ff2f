import { Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Admin } from 'kafkajs';
import { EventPublisher, HEALTH_KAFKA_TIMEOUT_MS, KafkaHealthIndicator } from '@imc/platform';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ApiMetrics } from '../metrics/api-metrics';
import { PlannerEventsPublisher, WRITE_DEADLINE_MS } from './planner-events.publisher';

// Issue 9 defect 7: with the broker away, kafkajs retries for half a minute or more; the API and
// its health must answer within their bounds anyway.
describe('answers bounded during a broker outage', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('a write answers 503 after WRITE_DEADLINE_MS when the broker never acknowledges', async () => {
    jest.useFakeTimers();
    try {
      const hanging = { publish: () => new Promise<void>(() => undefined) } as unknown as EventPublisher;
      const events = new PlannerEventsPublisher(hanging, new ApiMetrics());
      const answer = events.returned({ loanId: 'loan-a', returnedAt: '2011-01-10T00:00:00.000Z' }, '2011-01-10T00:00:00.000Z').then(
        () => 'acknowledged',
        (error: unknown) => error,
      );
      await jest.advanceTimersByTimeAsync(WRITE_DEADLINE_MS - 1);
      let settled = false;
      void answer.then(() => (settled = true));
      await Promise.resolve();
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const error = await answer;
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe(ApiErrorCode.Unavailable);
      expect(WRITE_DEADLINE_MS).toBeLessThan(10_000);
    } finally {
      jest.useRealTimers();
    }
  });

  it('the Kafka health check gives up within a second when the broker does not answer', async () => {
    const admin = { describeCluster: () => new Promise(() => undefined) } as unknown as Admin;
    const indicator = new KafkaHealthIndicator(new HealthIndicatorService());
    const started = Date.now();
    const result = await indicator.check(admin, HEALTH_KAFKA_TIMEOUT_MS);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(result).toEqual({ kafka: { status: 'down', message: `no answer within ${HEALTH_KAFKA_TIMEOUT_MS} ms` } });
  });
});
