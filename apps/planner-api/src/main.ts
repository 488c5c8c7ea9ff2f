import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { boundShutdown, createLogger, exitOnStartupError, loadConfig, probeBrokers } from '@imc/platform';
import { PlannerApiModule } from './planner-api.module';
import { ReadModelService } from './read-model/read-model.service';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  await probeBrokers(config.brokers);
  const logger = createLogger('planner-api', config.LOG_LEVEL);
  const app = await NestFactory.create(PlannerApiModule.register(config), { logger });
  app.enableShutdownHooks();
  boundShutdown('planner-api');
  await app.listen(config.PORT);
  await app.get(ReadModelService).start();
  logger.log(`planner-api ready on http://localhost:${config.PORT}`);
}

bootstrap().catch(exitOnStartupError('planner-api'));
