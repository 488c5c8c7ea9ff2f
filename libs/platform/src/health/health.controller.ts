import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Admin } from 'kafkajs';
import { KafkaHealthIndicator } from './kafka-health.indicator';

export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
/** Says whether the service has loaded its state from the topics (a service sets it once). */
export const READINESS = Symbol('READINESS');
export interface Readiness {
  loaded(): boolean;
  detail(): Record<string, unknown>;
}

/** /health/live: the process answers. /health/ready: Kafka answers and the state is loaded. */
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
  @HealthCheck()
  live() {
    return this.health.check([async (): Promise<HealthIndicatorResult> => this.indicators.check('process').up({ uptimeS: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.kafka.check(this.admin),
      async (): Promise<HealthIndicatorResult> => {
        const state = this.indicators.check('state');
        return this.readiness.loaded() ? state.up(this.readiness.detail()) : state.down({ ...this.readiness.detail(), message: 'loading state from Kafka' });
      },
    ]);
  }
}
