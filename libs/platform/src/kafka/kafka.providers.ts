import { Provider } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { AppConfig } from '../config/app-config';
import { KAFKA_ADMIN } from '../health/health.controller';
import { EventPublisher } from './event-publisher';
import { createKafka } from './kafka-client';
import { TopicReader } from './topic-reader';

export const KAFKA = Symbol('KAFKA');

/**
 * A service's doors to the broker: the client, a connected admin, the publisher and the start-up
 * topic reader. `service` names the client id and the reader's consumer groups.
 */
export function kafkaProviders(service: string): Provider[] {
  return [
    { provide: KAFKA, inject: [AppConfig], useFactory: (config: AppConfig): Kafka => createKafka(config.kafka, `${config.IMC_INSTANCE}-${service}`) },
    {
      provide: KAFKA_ADMIN,
      inject: [KAFKA],
      useFactory: async (kafka: Kafka): Promise<Admin> => {
        const admin = kafka.admin();
        await admin.connect();
        return admin;
      },
    },
    { provide: EventPublisher, inject: [KAFKA], useFactory: (kafka: Kafka) => new EventPublisher(kafka) },
    {
      provide: TopicReader,
      inject: [KAFKA, KAFKA_ADMIN, AppConfig],
      useFactory: (kafka: Kafka, admin: Admin, config: AppConfig) => new TopicReader(kafka, admin, `${config.IMC_INSTANCE}-${service}`),
    },
  ];
}
