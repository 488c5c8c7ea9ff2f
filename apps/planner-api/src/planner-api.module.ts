import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, createKafka, HealthModule, KAFKA_ADMIN, READINESS } from '@imc/platform';
import { Kafka } from 'kafkajs';
import { ReadModelService } from './read-model/read-model.service';

export const KAFKA = Symbol('KAFKA');

@Module({})
export class PlannerApiModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: PlannerApiModule,
      global: true,
      imports: [HealthModule.register([])],
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: KAFKA, useFactory: (): Kafka => createKafka(config.brokers, `${config.IMC_INSTANCE}-planner-api`) },
        {
          provide: KAFKA_ADMIN,
          inject: [KAFKA],
          useFactory: async (kafka: Kafka) => {
            const admin = kafka.admin();
            await admin.connect();
            return admin;
          },
        },
        ReadModelService,
        { provide: READINESS, useExisting: ReadModelService },
      ],
      exports: [AppConfig, KAFKA, KAFKA_ADMIN, READINESS],
    };
  }
}
