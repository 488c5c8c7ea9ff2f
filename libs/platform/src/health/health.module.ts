import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { KafkaHealthIndicator } from './kafka-health.indicator';

/** Health endpoints for a service; the service provides KAFKA_ADMIN and READINESS. */
@Module({})
export class HealthModule {
  static register(providers: Provider[]): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [KafkaHealthIndicator, ...providers],
    };
  }
}
