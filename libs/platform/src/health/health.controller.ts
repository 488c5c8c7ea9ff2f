import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Admin } from 'kafkajs';
import { Public } from '../http/public.decorator';
import { KafkaHealthIndicator } from './kafka-health.indicator';

export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
/** Health answers within a second during a broker outage: the broker gets this long. */
export const HEALTH_KAFKA_TIMEOUT_MS = 800;
/** Says whether the service has loaded its state from the topics (a service sets it once). */
export const READINESS = Symbol('READINESS');
export interface Readiness {
  loaded(): boolean;
  detail(): Record<string, unknown>;
}

/**
 * /health/live: the process answers. /health/ready: Kafka answers (within HEALTH_KAFKA_TIMEOUT_MS,
 * so the whole answer comes within a second even with the broker away), the state is loaded, and
 * the live consumer is neither stopped, crash-looping nor stalled (the reason is the message).
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly kafka: KafkaHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    @Inject(READINESS) private readonly readiness: Readiness,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers', description: '200 while the process runs; no token needed.' })
  @HealthCheck()
  live() {
    return this.health.check([async (): Promise<HealthIndicatorResult> => this.indicators.check('process').up({ uptimeS: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the broker answers and the state is loaded',
    description: '200 when the broker answers within 800 ms, the state is loaded from Kafka and the live consumer keeps up; else 503 with the reason as `message`. No token needed.',
  })
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.kafka.check(this.admin, HEALTH_KAFKA_TIMEOUT_MS),
      async (): Promise<HealthIndicatorResult> => {
        const state = this.indicators.check('state');
        return this.readiness.loaded() ? state.up(this.readiness.detail()) : state.down({ message: 'loading state from Kafka', ...this.readiness.detail() });
      },
    ]);
  }
}
