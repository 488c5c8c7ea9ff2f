import { Provider } from '@nestjs/common';
import { AppConfig, createKafka, EventPublisher, KAFKA_ADMIN, TopicReader } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';

export const KAFKA = Symbol('KAFKA');

/** The Kafka client, its admin, the publisher and the start-up reader: the API's doors to the broker. */
export const kafkaProviders: Provider[] = [
  { provide: KAFKA, inject: [AppConfig], useFactory: (config: AppConfig): Kafka => createKafka(config.brokers, `${config.IMC_INSTANCE}-planner-api`) },
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
  {
    provide: TopicReader,
    inject: [KAFKA, KAFKA_ADMIN, AppConfig],
    useFactory: (kafka: Kafka, admin: Admin, config: AppConfig) => new TopicReader(kafka, admin, `${config.IMC_INSTANCE}-planner-api`),
  },
];
