import { inspect } from 'node:util';
import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Engine, ENGINES } from '@imc/contracts';
import { KafkaConnection, kafkaConnection, KafkaSecurityError, SASL_MECHANISMS, SaslMechanism, SECURITY_PROTOCOLS, SecurityProtocol } from './kafka-security';
import { OidcSettings, oidcSettings, OidcSettingsError } from './oidc-settings';
import { resolveSecretFiles, SECRET_VARIABLES, SecretFileError } from './secret-files';

/** host:port, comma-separated, no scheme. */
const BROKER_LIST = /^[A-Za-z0-9.\-_[\]:]+:\d{1,5}(,[A-Za-z0-9.\-_[\]:]+:\d{1,5})*$/;
const TOKEN_LIST = /^[^:,\s]+:(viewer|planner|approver)(,[^:,\s]+:(viewer|planner|approver))*$/;

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);
const toUpper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);

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

  /**
   * The longest the allocator waits for an input partition that is behind (not caught up to its
   * end offset, nothing buffered) before event time moves on without it, as Kafka Streams'
   * max.task.idle.ms. Longer: a partition behind (a broker lost) is waited for through more of
   * a leader election, so fewer records arrive late; shorter: a stalled partition delays planning less.
   */
  @Transform(toInt)
  @IsInt({ message: 'IMC_INPUT_IDLE_MS must be a whole number of milliseconds (0 to 600000)' })
  @Min(0, { message: 'IMC_INPUT_IDLE_MS must be a whole number of milliseconds (0 to 600000)' })
  @Max(600000, { message: 'IMC_INPUT_IDLE_MS must be a whole number of milliseconds (0 to 600000)' })
  IMC_INPUT_IDLE_MS = 15000;

  /**
   * How long records may wait with a live consumer's lag not falling before /health/ready calls
   * it stalled (the planner-api's read model). Shorter: a stuck consumer is reported sooner;
   * longer: a slow broker is not mistaken for one.
   */
  @Transform(toInt)
  @IsInt({ message: 'IMC_CONSUMER_STALL_MS must be a whole number of milliseconds (1000 to 600000)' })
  @Min(1000, { message: 'IMC_CONSUMER_STALL_MS must be a whole number of milliseconds (1000 to 600000)' })
  @Max(600000, { message: 'IMC_CONSUMER_STALL_MS must be a whole number of milliseconds (1000 to 600000)' })
  IMC_CONSUMER_STALL_MS = 30000;

  /** Time budget of one advice computation (planner-api); levers not measured by then are left out, and the answer says so. */
  @Transform(toInt)
  @IsInt({ message: 'IMC_ADVICE_BUDGET_MS must be a whole number of milliseconds (100 to 600000)' })
  @Min(100, { message: 'IMC_ADVICE_BUDGET_MS must be a whole number of milliseconds (100 to 600000)' })
  @Max(600000, { message: 'IMC_ADVICE_BUDGET_MS must be a whole number of milliseconds (100 to 600000)' })
  IMC_ADVICE_BUDGET_MS = 10000;

  /** Worker threads the planner-api plans advice variants on. */
  @Transform(toInt)
  @IsInt({ message: 'IMC_ADVICE_WORKERS must be a whole number from 1 to 16' })
  @Min(1, { message: 'IMC_ADVICE_WORKERS must be a whole number from 1 to 16' })
  @Max(16, { message: 'IMC_ADVICE_WORKERS must be a whole number from 1 to 16' })
  IMC_ADVICE_WORKERS = 2;

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

  /** Kafka's own names for the four ways to reach a listener. */
  @Transform(toUpper)
  @IsIn(SECURITY_PROTOCOLS, { message: `KAFKA_SECURITY_PROTOCOL must be one of ${SECURITY_PROTOCOLS.join(', ')}` })
  KAFKA_SECURITY_PROTOCOL: SecurityProtocol = 'PLAINTEXT';

  /** PEM file of the CA(s) that signed the brokers' certificates; unset: Node's built-in public CAs. */
  @IsOptional() @IsString() @IsNotEmpty()
  KAFKA_SSL_CA_FILE?: string;

  /** PEM client certificate, for a listener with `ssl.client.auth=required`. */
  @IsOptional() @IsString() @IsNotEmpty()
  KAFKA_SSL_CERT_FILE?: string;

  /** PEM private key of the client certificate. */
  @IsOptional() @IsString() @IsNotEmpty()
  KAFKA_SSL_KEY_FILE?: string;

  /** Passphrase of an encrypted KAFKA_SSL_KEY_FILE (secret; or KAFKA_SSL_KEY_PASSWORD_FILE). */
  @IsOptional() @IsString()
  KAFKA_SSL_KEY_PASSWORD?: string;

  @IsOptional()
  @Transform(toUpper)
  @IsIn(SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: SaslMechanism;

  /** SASL user (or KAFKA_SASL_USERNAME_FILE). */
  @IsOptional() @IsString()
  KAFKA_SASL_USERNAME?: string;

  /** SASL password (secret; or KAFKA_SASL_PASSWORD_FILE). */
  @IsOptional() @IsString()
  KAFKA_SASL_PASSWORD?: string;

  /** OpenID Connect issuer whose bearer tokens the API accepts beside IMC_API_TOKENS; unset: none. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_ISSUER must be the issuer URL (http:// or https://), exactly as in the tokens\' iss claim' })
  OIDC_ISSUER?: string;

  /** The audience (aud) a token must carry: the API's client id at the issuer. */
  @IsOptional() @IsString() @IsNotEmpty()
  OIDC_AUDIENCE?: string;

  /** The issuer's key set; unset: jwks_uri from the issuer's /.well-known/openid-configuration. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'OIDC_JWKS_URI must be an http:// or https:// URL' })
  OIDC_JWKS_URI?: string;

  /** Where the roles are in the token: a claim name or a dotted path (realm_access.roles). */
  @Matches(/^[A-Za-z0-9_:\-/]+(\.[A-Za-z0-9_:\-/]+)*$/, { message: 'OIDC_ROLES_CLAIM must be a claim name or a dotted path such as realm_access.roles' })
  OIDC_ROLES_CLAIM = 'roles';

  /** value:role pairs from the claim's values to the API's roles; unset: viewer, planner, approver as themselves. */
  @IsOptional()
  @Matches(/^[^:,\s]+:(viewer|planner|approver)(,[^:,\s]+:(viewer|planner|approver))*$/, {
    message: 'OIDC_ROLE_MAP must be comma-separated claim-value:role pairs, role one of viewer, planner, approver',
  })
  OIDC_ROLE_MAP?: string;

  /** Seconds of clock difference allowed with the issuer for exp and nbf. */
  @Transform(toInt)
  @IsInt({ message: 'OIDC_CLOCK_TOLERANCE_S must be a whole number of seconds (0 to 300)' })
  @Min(0, { message: 'OIDC_CLOCK_TOLERANCE_S must be a whole number of seconds (0 to 300)' })
  @Max(300, { message: 'OIDC_CLOCK_TOLERANCE_S must be a whole number of seconds (0 to 300)' })
  OIDC_CLOCK_TOLERANCE_S = 30;

  #kafka?: KafkaConnection;
  #oidc?: OidcSettings | null;

  /** Brokers plus TLS and SASL, files read and checked once: what every Kafka client is built from. */
  get kafka(): KafkaConnection {
    this.#kafka ??= kafkaConnection(this.brokers, this);
    return this.#kafka;
  }

  /** The OpenID Connect settings, or undefined when OIDC_ISSUER is unset. */
  get oidc(): OidcSettings | undefined {
    if (this.#oidc === undefined) this.#oidc = oidcSettings(this) ?? null;
    return this.#oidc ?? undefined;
  }

  /** Secrets stay out of logs, error reports and JSON dumps of the configuration. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = Object.fromEntries(Object.entries(this));
    for (const name of SECRET_VARIABLES) if (out[name] !== undefined) out[name] = '***';
    return out;
  }

  [inspect.custom](): Record<string, unknown> {
    return this.toJSON();
  }

  /**
   * Replication of the topics the services create (cluster settings, docs/operations.md "Two allocators and a
   * cluster"). Unset: the broker's default.replication.factor, right for one broker.
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'IMC_TOPIC_REPLICATION_FACTOR must be a whole number from 1 to 32' })
  @Min(1, { message: 'IMC_TOPIC_REPLICATION_FACTOR must be a whole number from 1 to 32' })
  @Max(32, { message: 'IMC_TOPIC_REPLICATION_FACTOR must be a whole number from 1 to 32' })
  IMC_TOPIC_REPLICATION_FACTOR?: number;

  /**
   * min.insync.replicas of the topics the services create: with acks=-1, a write is acknowledged
   * only once this many replicas have it. Unset: the broker's default (1).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'IMC_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1 to 32' })
  @Min(1, { message: 'IMC_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1 to 32' })
  @Max(32, { message: 'IMC_TOPIC_MIN_INSYNC_REPLICAS must be a whole number from 1 to 32' })
  IMC_TOPIC_MIN_INSYNC_REPLICAS?: number;

  /**
   * The allocators' transactional id. Every allocator of one deployment must use the same one:
   * a new leader's producer takes it over and so fences the former leader's (docs/operations.md, "Two
   * allocators and a cluster"). Default `<IMC_INSTANCE>-allocator`.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,200}$/, { message: 'IMC_TRANSACTIONAL_ID must be 1 to 200 letters, digits, dots, dashes or underscores' })
  IMC_TRANSACTIONAL_ID?: string;

  /** How long the leading allocator may be silent before a standby takes over (lease session). */
  @Transform(toInt)
  @IsInt({ message: 'IMC_LEASE_TIMEOUT_MS must be a whole number of milliseconds (6000 to 300000)' })
  @Min(6000, { message: 'IMC_LEASE_TIMEOUT_MS must be a whole number of milliseconds (6000 to 300000)' })
  @Max(300000, { message: 'IMC_LEASE_TIMEOUT_MS must be a whole number of milliseconds (6000 to 300000)' })
  IMC_LEASE_TIMEOUT_MS = 6000;

  get topicPlacement(): TopicPlacement {
    return { replicationFactor: this.IMC_TOPIC_REPLICATION_FACTOR, minInsyncReplicas: this.IMC_TOPIC_MIN_INSYNC_REPLICAS };
  }

  get transactionalId(): string {
    return this.IMC_TRANSACTIONAL_ID ?? `${this.IMC_INSTANCE}-allocator`;
  }

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

/** Where the services' topics live: replication and min.insync.replicas; undefined: the broker's default. */
export interface TopicPlacement {
  replicationFactor?: number;
  minInsyncReplicas?: number;
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
  let resolved: NodeJS.ProcessEnv;
  try {
    resolved = resolveSecretFiles(env);
  } catch (error) {
    if (error instanceof SecretFileError) throw new ConfigError(`invalid configuration: ${error.message}`);
    throw error;
  }
  const raw: Record<string, string> = {};
  for (const key of KNOWN) {
    const value = resolved[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  // Messages are fixed texts naming the variable, never `$value`: a secret must not reach the log.
  const errors = validateSync(config, { whitelist: true });
  if (errors.length > 0) {
    const messages = errors.flatMap((e) => Object.values(e.constraints ?? {}).slice(0, 1));
    throw new ConfigError(`invalid configuration: ${messages.join('; ')}`);
  }
  const { replicationFactor, minInsyncReplicas } = config.topicPlacement;
  // A topic whose min.insync.replicas exceeds its replicas refuses every acks=-1 write.
  if (minInsyncReplicas !== undefined && minInsyncReplicas > (replicationFactor ?? 1)) {
    throw new ConfigError(`invalid configuration: IMC_TOPIC_MIN_INSYNC_REPLICAS (${minInsyncReplicas}) must not exceed IMC_TOPIC_REPLICATION_FACTOR (${replicationFactor ?? 'unset, taken as 1'})`);
  }
  try {
    // Read and check the TLS files and the OIDC settings now: a mistake stops start-up, in one line.
    void config.kafka;
    void config.oidc;
  } catch (error) {
    if (error instanceof KafkaSecurityError || error instanceof OidcSettingsError) throw new ConfigError(`invalid configuration: ${error.message}`);
    throw error;
  }
  return config;
}
