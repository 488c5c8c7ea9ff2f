import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, HealthModule, KAFKA_ADMIN, kafkaProviders, METRICS_REGISTRY, MetricsController, READINESS } from '@imc/platform';
import { IngestController } from './ingest/ingest.controller';
import { CompactionGuard } from './durability/compaction-guard';
import { IngestService } from './ingest/ingest.service';
import { AllocatorMetrics } from './metrics/allocator-metrics';
import { PlanningService } from './planning/planning.service';
import { AllocatorLifecycle } from './state/allocator-lifecycle.service';
import { AllocatorState } from './state/allocator-state';
import { StatusController } from './status.controller';

@Module({})
export class AllocatorModule {
  static register(config: AppConfig): DynamicModule {
    const shared = [{ provide: AppConfig, useValue: config }, ...kafkaProviders('allocator')];
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
        CompactionGuard,
        AllocatorLifecycle,
        { provide: READINESS, useExisting: AllocatorLifecycle },
      ],
      exports: [AppConfig, KAFKA_ADMIN, READINESS],
    };
  }
}
