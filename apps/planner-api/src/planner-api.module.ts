import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, HealthModule, KAFKA_ADMIN, kafkaProviders, METRICS_REGISTRY, MetricsController, READINESS } from '@imc/platform';
import { AdviceController } from './advice/advice.controller';
import { AdviceService } from './advice/advice.service';
import { AdviceVariants } from './advice/advice-variants';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { OidcVerifier } from './auth/oidc-verifier';
import { TokenRegistry } from './auth/token-registry';
import { KeyedLock } from './common/keyed-lock';
import { AsyncApiController } from './docs/asyncapi.controller';
import { AllExceptionsFilter } from './http/all-exceptions.filter';
import { createValidationPipe } from './http/validation.pipe';
import { WRITE_THROTTLE, WriteThrottlerGuard } from './http/write-throttler.guard';
import { LiveFeed } from './live/live-feed';
import { StreamController } from './live/stream.controller';
import { LoansController } from './loans/loans.controller';
import { LoansService } from './loans/loans.service';
import { ApiMetrics } from './metrics/api-metrics';
import { MissionsController } from './missions/missions.controller';
import { MissionsService } from './missions/missions.service';
import { PlacesController } from './places/places.controller';
import { PlacesService } from './places/places.service';
import { ProposalsController } from './proposals/proposals.controller';
import { ProposalsService } from './proposals/proposals.service';
import { BriefingController } from './proposals/briefing.controller';
import { BriefingService } from './proposals/briefing.service';
import { PlannerEventsPublisher } from './publishing/planner-events.publisher';
import { ReadModelLoadedGuard } from './read-model/read-model-loaded.guard';
import { ReadModelService } from './read-model/read-model.service';
import { StressTestsController } from './stress-tests/stress-tests.controller';
import { StressTestsService } from './stress-tests/stress-tests.service';
import { WhatIfController } from './what-if/what-if.controller';
import { WhatIfService } from './what-if/what-if.service';

/** The planner API: the global pipeline is wired once here (guards, validation pipe, exception filter). */
@Module({})
export class PlannerApiModule {
  static register(config: AppConfig, tokens: TokenRegistry): DynamicModule {
    return {
      module: PlannerApiModule,
      global: true,
      imports: [HealthModule.register([]), ThrottlerModule.forRoot({ throttlers: [{ name: 'write', ...WRITE_THROTTLE }] })],
      controllers: [AdviceController, BriefingController, ProposalsController, LoansController, MissionsController, PlacesController, WhatIfController, StreamController, StressTestsController, AsyncApiController, MetricsController],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: TokenRegistry, useValue: tokens },
        {
          provide: Authenticator,
          inject: [TokenRegistry, AppConfig],
          useFactory: (t: TokenRegistry, c: AppConfig) => new Authenticator(t, c.oidc ? new OidcVerifier(c.oidc) : undefined),
        },
        ...kafkaProviders('planner-api'),
        ApiMetrics,
        { provide: METRICS_REGISTRY, inject: [ApiMetrics], useFactory: (m: ApiMetrics) => m.registry },
        KeyedLock,
        PlannerEventsPublisher,
        ReadModelService,
        { provide: READINESS, useExisting: ReadModelService },
        WriteThrottlerGuard,
        ProposalsService,
        LoansService,
        MissionsService,
        PlacesService,
        WhatIfService,
        LiveFeed,
        AdviceVariants,
        AdviceService,
        BriefingService,
        StressTestsService,
        // Every endpoint: the token and its role, then the read model loaded; `@Public()` opts out.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ReadModelLoadedGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
      exports: [AppConfig, KAFKA_ADMIN, READINESS],
    };
  }
}
