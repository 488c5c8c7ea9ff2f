import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Engine, ENGINES } from '@imc/optimizer/engines';

/** host:port, comma-separated, no scheme. */
const BROKER_LIST = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}(,[A-Za-z0-9.\-_[\]:]+:\d{1,5})*$/;
const TOKEN_LIST = /^[^:,\s]+:(viewer|planner|approver)(,[^:,\s]+:(viewer|planner|approver))*$/;

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/**
 * The one place that reads the environment (STYLE.md habit 2). Every variable is optional and has
 * a default; a wrong value fails start-up with a one-line message naming the variable.
 */
export class AppConfig {
  /** Comma-separated host:port list of Kafka brokers. */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value))
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port, e.g. 127.0.0.1:9092' })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** planner-api HTTP port. */
  @Transform(toInt)
  @IsInt({ message: 'PORT must be a port number (1 to 65535)' })
  @Min(1, { message: 'PORT must be a port number (1 to 65535)' })
  @Max(65535, { message: 'PORT must be a port number (1 to 65535)' })
  PORT = 3000;

  /** allocator's own HTTP port (health and metrics). */
  @Transform(toInt)
  @IsInt({ message: 'ALLOCATOR_PORT must be a port number (1 to 65535)' })
  @Min(1, { message: 'ALLOCATOR_PORT must be a port number (1 to 65535)' })
  @Max(65535, { message: 'ALLOCATOR_PORT must be a port number (1 to 65535)' })
  ALLOCATOR_PORT = 3001;

  /** token:role pairs for the planner-api. */
  @IsOptional()
  @Matches(TOKEN_LIST, { message: 'IMC_API_TOKENS must be comma-separated token:role pairs, role one of viewer, planner, approver' })
  IMC_API_TOKENS?: string;

  /** Solver engine for planning. */
  @IsIn(ENGINES, { message: `IMC_SOLVER must be one of ${ENGINES.join(', ')}` })
  IMC_SOLVER: Engine = 'auto';

  /** Quiet time after the last change before the allocator re-plans. */
  @Transform(toInt)
  @IsInt({ message: 'IMC_DEBOUNCE_MS must be a whole number of milliseconds (0 to 60000)' })
  @Min(0, { message: 'IMC_DEBOUNCE_MS must be a whole number of milliseconds (0 to 60000)' })
  @Max(60000, { message: 'IMC_DEBOUNCE_MS must be a whole number of milliseconds (0 to 60000)' })
  IMC_DEBOUNCE_MS = 200;

  /** `development` relaxes the token requirement of the API (npm start sets it). */
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV = 'production';

  /** Kafka client id prefix and consumer group prefix, so several deployments can share a cluster. */
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9.-]*$/, { message: 'IMC_INSTANCE must be lower-case letters, digits, dots and dashes' })
  IMC_INSTANCE = 'imc';

  /** Log level of the services. */
  @IsIn(['error', 'warn', 'log', 'debug'], { message: 'LOG_LEVEL must be error, warn, log or debug' })
  LOG_LEVEL = 'log';

  /**
   * `true` lets the services start although a topic they rebuild from would lose state (finite
   * retention, wrong cleanup policy); they warn at every start. For an operator who accepts it.
   */
  @IsIn(['true', 'false'], { message: 'IMC_ALLOW_LOSSY_TOPICS must be true or false' })
  IMC_ALLOW_LOSSY_TOPICS = 'false';

  get allowLossyTopics(): boolean {
    return this.IMC_ALLOW_LOSSY_TOPICS === 'true';
  }

  get brokers(): string[] {
    return this.KAFKA_BROKERS.split(',').map((b) => b.trim());
  }

  get developmentMode(): boolean {
    return this.NODE_ENV === 'development';
  }
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const KNOWN = Object.keys(new AppConfig());

/** Builds the validated configuration from an environment; throws ConfigError with one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of KNOWN) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}).slice(0, 1));
    throw new ConfigError(`invalid configuration: ${messages.join('; ')}`);
  }
  return config;
}
