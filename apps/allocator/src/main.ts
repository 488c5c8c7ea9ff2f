import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Consumer, logLevel, Partitioners } from 'kafkajs';
import { CustomStrategy } from '@nestjs/microservices';
import { boundShutdown, createLogger, exitOnStartupError, kafkaClientConfig, kafkaLogCreator, loadConfig, probeBrokers } from '@imc/platform';
import { AllocatorModule } from './allocator.module';
import { BytesKafkaServer } from './ingest/bytes-kafka.server';
import { LeadershipService } from './leadership/leadership.service';
import { AllocatorLifecycle } from './state/allocator-lifecycle.service';

/**
 * Order matters: fail fast on configuration and on an unreachable broker (one line, exit 1),
 * rebuild the state from the topics, and only then consume live events and answer ready.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  await probeBrokers(config.kafka);
  const logger = createLogger('allocator', config.LOG_LEVEL);
  const app = await NestFactory.create(AllocatorModule.register(config), { logger, bufferLogs: false });
  // Nest's Kafka transport, with a parser that keeps keys and header values as bytes.
  app.connectMicroservice<CustomStrategy>(
    {
      strategy: new BytesKafkaServer({
        postfixId: '',
        // Our logCreator: a coordinator still loading at start is retried, not reported as an error.
        client: kafkaClientConfig(config.kafka, `${config.IMC_INSTANCE}-allocator-consumer`, {
          retry: { initialRetryTime: 300, retries: 30, maxRetryTime: 5000 },
          logCreator: kafkaLogCreator('ServerKafka'),
          logLevel: logLevel.INFO,
        }),
        // Nest's reply producer (unused here): named partitioner, so kafkajs does not warn about it.
        producer: { createPartitioner: Partitioners.DefaultPartitioner },
        consumer: { groupId: `${config.IMC_INSTANCE}-allocator`, allowAutoTopicCreation: false, sessionTimeout: 15000, heartbeatInterval: 3000 },
        subscribe: { fromBeginning: true },
        run: { autoCommit: false },
      }),
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  boundShutdown('allocator');
  await app.listen(config.ALLOCATOR_PORT);
  const lifecycle = app.get(AllocatorLifecycle);
  const from = await lifecycle.loadState();
  // Only the leader plans, publishes and consumes the inputs in the allocator group; a standby
  // follows the topics until the lease comes to it (README, "Two allocators and a cluster").
  const leadership = app.get(LeadershipService);
  await leadership.start(from, {
    becomeLeader: () => lifecycle.becomeLeader(),
    startLiveConsumer: async () => {
      await app.startAllMicroservices();
      // Nest's Kafka server hands over its kafkajs consumer, so readiness can watch it crash or stall.
      const [, consumer] = app.getMicroservices()[0].unwrap<[unknown, Consumer, unknown]>();
      lifecycle.markLive(consumer);
      logger.log(`allocator leading: health and metrics on http://localhost:${config.ALLOCATOR_PORT}`);
    },
  });
  if (leadership.role === 'standby') logger.log(`allocator on standby: health and metrics on http://localhost:${config.ALLOCATOR_PORT}`);
}

bootstrap().catch(exitOnStartupError('allocator'));
