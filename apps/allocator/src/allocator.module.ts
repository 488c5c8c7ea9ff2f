import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, HealthModule, KAFKA_ADMIN, METRICS_REGISTRY, MetricsController, READINESS, TopicReader } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';
import { IngestController } from './ingest/ingest.controller';
import { IngestService } from './ingest/ingest.service';
import { KAFKA, kafkaProviders } from './kafka.providers';
import { AllocatorMetrics } from './metrics/allocator-metrics';
import { PlanningService } from './planning/planning.service';
import { AllocatorLifecycle } from './state/allocator-lifecycle.service';
import { AllocatorState } from './state/allocator-state';
import { StatusController } from './status.controller';

@Module({})
export class AllocatorModule {
  static register(config: AppConfig): DynamicModule {
    const shared = [{ provide: AppConfig, useValue: config }, ...kafkaProviders];
    return {
      module: AllocatorModule,
      global: true,
      imports: [HealthModule.register([])],
      controllers: [IngestController, StatusController, MetricsController],
      providers: [
        ...shared,
        AllocatorMetrics,
        { provide: METRICS_REGISTRY, inject: [AllocatorMetrics], useFactory: (m: AllocatorMetrics) => m.registry },
        AllocatorState,
        PlanningService,
        IngestService,
        {
          provide: TopicReader,
          inject: [KAFKA, KAFKA_ADMIN],
          useFactory: (kafka: Kafka, admin: Admin) => new TopicReader(kafka, admin, `${config.IMC_INSTANCE}-allocator`),
        },
        AllocatorLifecycle,
        { provide: READINESS, useExisting: AllocatorLifecycle },
      ],
      exports: [AppConfig, KAFKA_ADMIN, READINESS],
    };
  }
}
