import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { boundShutdown, createLogger, exitOnStartupError, loadConfig, probeBrokers } from '@imc/platform';
import { AllocatorModule } from './allocator.module';
import { LeadershipService } from './leadership/leadership.service';
import { AllocatorLifecycle } from './allocator-lifecycle.service';

/**
 * Order matters: fail fast on configuration and on an unreachable broker (one line, exit 1),
 * rebuild the state from the topics, and only then consume live events and answer ready.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  await probeBrokers(config.kafka);
  const logger = createLogger('allocator', config.LOG_LEVEL);
  const app = await NestFactory.create(AllocatorModule.register(config), { logger, bufferLogs: false });
  app.enableShutdownHooks();
  boundShutdown('allocator');
  await app.listen(config.ALLOCATOR_PORT);
  const lifecycle = app.get(AllocatorLifecycle);
  const from = await lifecycle.loadState();
  // Only the leader plans, publishes and consumes the inputs in the allocator group; a standby
  // follows the topics until the lease comes to it (docs/operations.md, "Two allocators and a cluster").
  const leadership = app.get(LeadershipService);
  await leadership.start(from, {
    becomeLeader: () => lifecycle.becomeLeader(),
    startLiveConsumer: async () => {
      // A kafkajs consumer of our own (not Nest's Kafka server): its offsets are committed in the
      // transactions that publish the plans (exactly once), and it leaves the group on stepping down.
      await lifecycle.startInputs();
      logger.log({ msg: 'allocator leading: health and metrics served', url: `http://localhost:${config.ALLOCATOR_PORT}` });
    },
    leaveInputs: () => lifecycle.leaveInputs(),
  });
  if (leadership.role === 'standby') logger.log({ msg: 'allocator on standby: health and metrics served', url: `http://localhost:${config.ALLOCATOR_PORT}` });
}

bootstrap().catch(exitOnStartupError('allocator'));
