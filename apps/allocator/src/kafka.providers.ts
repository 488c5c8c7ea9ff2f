import { Provider } from '@nestjs/common';
import { AppConfig, createKafka, EventPublisher, KAFKA_ADMIN } from '@imc/platform';
import { Kafka } from 'kafkajs';

export const KAFKA = Symbol('KAFKA');

/** The Kafka client, its admin and the publisher: the allocator's only doors to the broker. */
export const kafkaProviders: Provider[] = [
  { provide: KAFKA, inject: [AppConfig], useFactory: (config: AppConfig): Kafka => createKafka(config.brokers, `${config.IMC_INSTANCE}-allocator`) },
  {
    provide: KAFKA_ADMIN,
    inject: [KAFKA],
    useFactory: async (kafka: Kafka) => {
      const admin = kafka.admin();
      await admin.connect();
      return admin;
    },
  },
  { provide: EventPublisher, inject: [KAFKA], useFactory: (kafka: Kafka) => new EventPublisher(kafka) },
];
