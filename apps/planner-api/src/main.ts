import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { boundShutdown, createLogger, EventPublisher, exitOnStartupError, loadConfig, probeBrokers } from '@imc/platform';
import { TokenRegistry } from './auth/token-registry';
import { serveConsole } from './console/serve-console';
import { setupSwagger } from './docs/swagger';
import { correlationIdMiddleware } from './http/correlation-id.middleware';
import { configureJsonBody } from './http/json-body';
import { requestLoggingMiddleware } from './http/request-logging.middleware';
import { ApiMetrics } from './metrics/api-metrics';
import { PlannerApiModule } from './planner-api.module';
import { ReadModelService } from './read-model/read-model.service';

/**
 * Order matters: fail fast on configuration, on missing tokens outside development mode and on an
 * unreachable broker (one line, exit 1); listen (live answers, ready does not yet); rebuild the
 * read model from the topics and follow them; only then ready.
 */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const { registry, generated } = TokenRegistry.fromConfig(config.IMC_API_TOKENS, config.developmentMode, config.oidc !== undefined);
  await probeBrokers(config.kafka);
  const logger = createLogger('planner-api', config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(PlannerApiModule.register(config, registry), { logger, bodyParser: false });
  app.disable('x-powered-by');
  // Before the body parser, so that a refused body (400, 413) still carries its correlation id.
  app.use(correlationIdMiddleware);
  app.use(requestLoggingMiddleware(app.get(ApiMetrics)));
  configureJsonBody(app);
  setupSwagger(app);
  const consoleServed = serveConsole(app);
  app.enableShutdownHooks();
  boundShutdown('planner-api');
  await app.listen(config.PORT);
  await app.get(EventPublisher).connect();
  await app.get(ReadModelService).start();
  if (generated) logger.warn({ msg: 'development mode and no IMC_API_TOKENS: approver token for this run', token: generated });
  if (!consoleServed) logger.warn({ msg: 'the planner console is not built (npm run build:console): / says so' });
  if (config.oidc) logger.log({ msg: 'accepting OpenID Connect tokens', issuer: config.oidc.issuer, audience: config.oidc.audience, rolesClaim: config.oidc.rolesClaim.join('.') });
  logger.log({ msg: 'planner-api ready (planner console at /, OpenAPI at /docs)', url: `http://localhost:${config.PORT}` });
}

bootstrap().catch(exitOnStartupError('planner-api'));
