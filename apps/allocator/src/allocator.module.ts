import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, EventPublisher, HealthModule, KAFKA_ADMIN, kafkaProviders, METRICS_REGISTRY, MetricsController, READINESS } from '@imc/platform';
import { CompactionGuard } from './durability/compaction-guard';
import { IngestService } from './ingest/ingest.service';
import { InputPositions } from './leadership/input-positions';
import { LeadershipService } from './leadership/leadership.service';
import { AllocatorMetrics } from './metrics/allocator-metrics';
import { PlanningService } from './planning/planning.service';
import { AllocatorLifecycle } from './allocator-lifecycle.service';
import { AllocatorState } from './state/allocator-state';
import { StatusController } from './status.controller';

@Module({})
export class AllocatorModule {
  static register(config: AppConfig): DynamicModule {
    // The allocator publishes through its leadership's publisher (transactional, refused unless leading).
    const kafka = kafkaProviders('allocator').filter((p) => !('provide' in p && p.provide === EventPublisher));
    const shared = [{ provide: AppConfig, useValue: config }, ...kafka];
    return {
      module: AllocatorModule,
      global: true,
      imports: [HealthModule.register([])],
      controllers: [StatusController, MetricsController],
      providers: [
        ...shared,
        AllocatorMetrics,
        { provide: METRICS_REGISTRY, inject: [AllocatorMetrics], useFactory: (m: AllocatorMetrics) => m.registry },
        AllocatorState,
        LeadershipService,
        { provide: EventPublisher, inject: [LeadershipService], useFactory: (l: LeadershipService) => l.publisher },
        { provide: InputPositions, useValue: new InputPositions(`${config.IMC_INSTANCE}-allocator`) },
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
