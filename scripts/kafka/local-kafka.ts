import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { PROJECT_ROOT } from '../support/project-root';

/**
 * A real single-node Apache Kafka (KRaft, broker and controller in one JVM) on loopback,
 * run from the Maven Central jars. Used by `npm start` when KAFKA_BROKERS is unset and by the
 * end-to-end tests. Clients get the PLAINTEXT listener, or the optional SECURE listener (TLS
 * and/or SASL) a test asks for; the PLAINTEXT one stays for the broker's own use and the probe.
 */
export const KAFKA_VERSION = '3.9.1';

// From the project root, not __dirname: compiled, this file runs from dist/scripts/kafka, where
// the pom and the log4j file are not copied.
const POM = join(PROJECT_ROOT, 'scripts', 'kafka', 'pom.xml');
const LOG4J = join(PROJECT_ROOT, 'scripts', 'kafka', 'log4j.properties');
const CACHE_DIR = join(PROJECT_ROOT, '.kafka');

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** A second client listener, named SECURE, with TLS and/or SASL (for the secure-connection e2e spec). */
export interface SecureListener {
  port: number;
  protocol: 'SSL' | 'SASL_SSL' | 'SASL_PLAINTEXT';
  /** PKCS12 keystore holding the broker's key and certificate chain (SSL, SASL_SSL). */
  keystore?: { path: string; password: string };
  /** PKCS12 truststore of the CAs whose client certificates the broker accepts. */
  truststore?: { path: string; password: string };
  /** `required`: a client must present a certificate the truststore vouches for. Default none. */
  clientAuth?: 'required' | 'requested' | 'none';
  /** SASL mechanisms the listener offers (SASL_*). Default all three. */
  mechanisms?: ('PLAIN' | ScramMechanism)[];
  /** PLAIN users, name to password (the listener's JAAS configuration). */
  plainUsers?: Record<string, string>;
  /** SCRAM credentials, written into the metadata at storage format so they exist before any client. */
  scramUsers?: { mechanism: ScramMechanism; name: string; password: string }[];
}

export interface LocalKafkaOptions {
  /** PLAINTEXT port for clients. */
  port: number;
  /** Controller port (KRaft quorum); never handed to clients. Default: port + 1. */
  controllerPort?: number;
  /** Storage and log directory; formatted on first start, reused after. */
  dataDir: string;
  /** JVM heap in MB (at most 512). */
  heapMb?: number;
  /** Partitions for automatically created topics (the app creates its own topics anyway). */
  partitions?: number;
  /** How long to wait for the broker to accept clients. */
  readyTimeoutMs?: number;
  /**
   * Extra server.properties, after (so overriding) the defaults: a test's quick retention check or
   * eager log cleaner. Topic settings are not here: the services set them per topic, as in production.
   */
  properties?: Record<string, string>;
  /** An extra TLS/SASL listener beside PLAINTEXT; absent: PLAINTEXT only, as before. */
  secure?: SecureListener;
  log?: (line: string) => void;
  /** In a cluster (startLocalKafkaCluster): this node's id, the quorum and the shared cluster id. */
  node?: { id: number; quorumVoters: string; clusterId: string };
}

const run = promisify(execFile);

/**
 * Resolves the broker's classpath with Maven (downloading the jars into ~/.m2 on first use) and
 * caches it, keyed by the pom's content, in .kafka/classpath-<hash>.txt.
 */
export async function resolveKafkaClasspath(log: (line: string) => void = () => undefined): Promise<string> {
  const pom = readFileSync(POM);
  const key = createHash('sha256').update(pom).digest('hex').slice(0, 12);
  const cacheFile = join(CACHE_DIR, `classpath-${key}.txt`);
  if (existsSync(cacheFile)) {
    const cached = readFileSync(cacheFile, 'utf8').trim();
    if (cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  log(`resolving Apache Kafka ${KAFKA_VERSION} from Maven Central (first run only)...`);
  const started = Date.now();
  try {
    await run('mvn', ['-q', '-B', '-f', POM, 'dependency:build-classpath', `-Dmdep.outputFile=${cacheFile}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const detail = error instanceof Error && 'stdout' in error ? String((error as { stdout: unknown }).stdout).slice(-2000) : String(error);
    throw new Error(`could not resolve the Kafka jars with Maven: ${detail}`);
  }
  log(`Kafka jars resolved in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return readFileSync(cacheFile, 'utf8').trim();
}

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. */
function newClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** A JAAS option value in double quotes (JAAS has no other escaping than the backslash). */
function jaasQuoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** server.properties lines of the SECURE listener (Kafka's per-listener `listener.name.secure.` prefix). */
function secureListenerProperties(l: SecureListener): string[] {
  const prefix = 'listener.name.secure.';
  const lines: string[] = [];
  if (l.protocol !== 'SASL_PLAINTEXT') {
    if (!l.keystore) throw new Error(`a ${l.protocol} listener needs a keystore`);
    lines.push(`${prefix}ssl.keystore.type=PKCS12`, `${prefix}ssl.keystore.location=${l.keystore.path}`, `${prefix}ssl.keystore.password=${l.keystore.password}`);
    if (l.truststore) lines.push(`${prefix}ssl.truststore.type=PKCS12`, `${prefix}ssl.truststore.location=${l.truststore.path}`, `${prefix}ssl.truststore.password=${l.truststore.password}`);
    lines.push(`${prefix}ssl.client.auth=${l.clientAuth ?? 'none'}`);
  }
  if (l.protocol !== 'SSL') {
    const mechanisms = l.mechanisms ?? ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];
    lines.push(`${prefix}sasl.enabled.mechanisms=${mechanisms.join(',')}`);
    for (const m of mechanisms) {
      if (m === 'PLAIN') {
        const users = Object.entries(l.plainUsers ?? {}).map(([name, password]) => ` user_${name}=${jaasQuoted(password)}`);
        lines.push(`${prefix}plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required${users.join('')};`);
      } else {
        lines.push(`${prefix}${m.toLowerCase()}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;`);
      }
    }
  }
  return lines;
}

function serverProperties(
  o: Required<Pick<LocalKafkaOptions, 'port' | 'controllerPort' | 'dataDir' | 'partitions'>> & Pick<LocalKafkaOptions, 'properties' | 'secure' | 'node'>,
): string {
  const secure = o.secure;
  return [
    'process.roles=broker,controller',
    `node.id=${o.node?.id ?? 1}`,
    `controller.quorum.voters=${o.node?.quorumVoters ?? `1@127.0.0.1:${o.controllerPort}`}`,
    `listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}${secure ? `,SECURE://127.0.0.1:${secure.port}` : ''}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}${secure ? `,SECURE://127.0.0.1:${secure.port}` : ''}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${secure ? `,SECURE:${secure.protocol}` : ''}`,
    ...(secure ? secureListenerProperties(secure) : []),
    `log.dirs=${join(o.dataDir, 'data')}`,
    `num.partitions=${o.partitions}`,
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=4',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // The allocator's transactional producer creates this topic on first use: a few partitions, not 50.
    'transaction.state.log.num.partitions=4',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=true',
    // Small segments and quick cleaning so compaction is visible in a local run.
    'log.cleaner.backoff.ms=5000',
    'log.segment.bytes=67108864',
    ...Object.entries(o.properties ?? {}).map(([name, value]) => `${name}=${value}`),
    '',
  ].join('\n');
}

/**
 * Runs the JVM under a tiny shell guard in its own process group: Ctrl-C in the terminal reaches
 * only the Node parent, which stops the broker in order; and if the parent dies without cleaning
 * up (SIGKILL), the guard sees its stdin close and stops the broker, so no JVM is left behind.
 */
const GUARD = [
  // A background job's stdin is /dev/null in a non-interactive shell: keep the pipe on fd 3.
  'exec 3<&0',
  '"$@" &',
  'child=$!',
  '( cat <&3 >/dev/null; kill -TERM "$child" 2>/dev/null ) &',
  'watch=$!',
  'trap \'kill -TERM "$child" 2>/dev/null; wait "$child"; kill "$watch" 2>/dev/null; exit 0\' TERM INT',
  'wait "$child"',
  'code=$?',
  'kill "$watch" 2>/dev/null',
  'exit $code',
].join('\n');

export class LocalKafka {
  /** Brokers started by this process and not stopped yet (a test harness stops what is left). */
  private static readonly started = new Set<LocalKafka>();
  private exited = false;
  private exitCode: number | null = null;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
  ) {
    LocalKafka.started.add(this);
    child.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
      LocalKafka.started.delete(this);
    });
  }

  onExit(listener: (code: number | null) => void): void {
    this.child.once('exit', listener);
  }

  /** The PLAINTEXT bootstrap address for clients. */
  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** The SECURE listener's bootstrap address, when the broker was started with one. */
  secureBrokers?: string;

  static async start(options: LocalKafkaOptions): Promise<LocalKafka> {
    const log = options.log ?? (() => undefined);
    const controllerPort = options.controllerPort ?? options.port + 1;
    const heapMb = Math.min(options.heapMb ?? 384, 512);
    const dataDir = resolve(options.dataDir);
    const partitions = options.partitions ?? 1;
    const classpath = await resolveKafkaClasspath(log);
    mkdirSync(dataDir, { recursive: true });

    const config = join(dataDir, 'server.properties');
    writeFileSync(config, serverProperties({ port: options.port, controllerPort, dataDir, partitions, properties: options.properties, secure: options.secure, node: options.node }));
    const clusterIdFile = join(dataDir, 'cluster-id');
    if (!existsSync(clusterIdFile)) writeFileSync(clusterIdFile, options.node?.clusterId ?? newClusterId());
    const clusterId = readFileSync(clusterIdFile, 'utf8').trim();

    const jvm = [`-Xms128m`, `-Xmx${heapMb}m`, '-XX:+UseG1GC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true'];
    const logProps = [`-Dlog4j.configuration=file:${LOG4J}`, `-Dkafka.logs.dir=${dataDir}`];
    // -g: formatting an already formatted directory is not an error, so restarts keep their data.
    // The id goes after `=`: a random id may start with '-', which would read as an option.
    // SCRAM users go into the first metadata records, as for a cluster whose clients all use SCRAM.
    const scram = (options.secure?.scramUsers ?? []).flatMap((u) => ['--add-scram', `${u.mechanism}=[name=${u.name},password=${u.password}]`]);
    await run('java', [...jvm, ...logProps, '-cp', classpath, 'kafka.tools.StorageTool', 'format', '-g', `--cluster-id=${clusterId}`, '-c', config, ...scram]);

    const started = Date.now();
    const child = spawn('sh', ['-c', GUARD, 'kafka-guard', 'java', ...jvm, ...logProps, '-cp', classpath, 'kafka.Kafka', config], {
      stdio: ['pipe', 'ignore', 'inherit'],
      detached: true,
    });
    const kafka = new LocalKafka(child, options.port, dataDir);
    if (options.secure) kafka.secureBrokers = `127.0.0.1:${options.secure.port}`;
    try {
      await kafka.waitUntilReady(options.readyTimeoutMs ?? 90_000);
    } catch (error) {
      await kafka.stop();
      throw error;
    }
    log(`Kafka ${KAFKA_VERSION} ready on ${kafka.brokers} in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${dataDir})`);
    return kafka;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const admin = new Kafka({
      clientId: 'local-kafka-probe',
      brokers: [this.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 1000,
    }).admin();
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`Kafka exited during start-up (code ${this.exitCode}); see ${join(this.dataDir, 'server.log')}`);
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0 && cluster.controller !== null) {
          await admin.disconnect();
          return;
        }
      } catch {
        // not up yet
      }
      await admin.disconnect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`Kafka did not accept clients on ${this.brokers} within ${timeoutMs / 1000} s; see ${join(this.dataDir, 'server.log')}`);
  }

  /** SIGKILL to the whole group (guard and JVM): the crash case, no controlled shutdown. */
  async kill(): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      return;
    }
    await done;
    this.child.stdin?.destroy();
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...LocalKafka.started].map((k) => k.stop()));
  }

  /** Stops the broker in order (SIGTERM, controlled shutdown); kills it if that takes too long. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (this.exited || this.child.pid === undefined) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    try {
      process.kill(this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      // The whole group: the guard, the JVM and the watchdog.
      if (this.child.pid !== undefined) {
        try {
          process.kill(-this.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }, timeoutMs);
    await done;
    clearTimeout(timer);
    this.child.stdin?.destroy();
  }
}

export interface LocalKafkaClusterOptions {
  /** How many nodes; each is broker and controller (a quorum of all of them). */
  nodes: number;
  /** Node i (1-based) listens on basePort + 2(i-1), its controller on the port after. */
  basePort: number;
  /** Node i keeps its data in <dataDir>/node-i. */
  dataDir: string;
  /** JVM heap of each node in MB; default 320, so three fit on a small machine. */
  heapMb?: number;
  readyTimeoutMs?: number;
  properties?: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * A KRaft cluster of N combined nodes on loopback, from the same jars: internal topics (consumer
 * offsets, transaction state) replicated on every node with min.insync.replicas N-1, so the cluster
 * keeps working with one node down. `restart(i)` brings a stopped or killed node back on its data.
 */
export class LocalKafkaCluster {
  private constructor(
    readonly nodes: (LocalKafka | undefined)[],
    private readonly nodeOptions: LocalKafkaOptions[],
  ) {}

  get brokers(): string {
    return this.nodeOptions.map((o) => `127.0.0.1:${o.port}`).join(',');
  }

  static async start(options: LocalKafkaClusterOptions): Promise<LocalKafkaCluster> {
    const ids = Array.from({ length: options.nodes }, (_, i) => i + 1);
    const portOf = (id: number): number => options.basePort + 2 * (id - 1);
    const quorumVoters = ids.map((id) => `${id}@127.0.0.1:${portOf(id) + 1}`).join(',');
    const clusterId = newClusterId();
    const isr = String(Math.max(1, options.nodes - 1));
    const nodeOptions: LocalKafkaOptions[] = ids.map((id) => ({
      port: portOf(id),
      controllerPort: portOf(id) + 1,
      dataDir: join(options.dataDir, `node-${id}`),
      heapMb: options.heapMb ?? 320,
      readyTimeoutMs: options.readyTimeoutMs ?? 180_000,
      log: options.log,
      node: { id, quorumVoters, clusterId },
      properties: {
        'offsets.topic.replication.factor': String(options.nodes),
        'transaction.state.log.replication.factor': String(options.nodes),
        'transaction.state.log.min.isr': isr,
        'default.replication.factor': String(options.nodes),
        // A node back from a crash must catch up before leading again, and leadership returns to it.
        'unclean.leader.election.enable': 'false',
        ...options.properties,
      },
    }));
    // All at once: no node is ready before a quorum of controllers is up.
    const settled = await Promise.allSettled(nodeOptions.map((o) => LocalKafka.start(o)));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const nodes = settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    if (failed) {
      await Promise.all(nodes.map((n) => n?.stop()));
      throw failed.reason;
    }
    const cluster = new LocalKafkaCluster(nodes, nodeOptions);
    await cluster.untilBrokers(options.nodes, options.readyTimeoutMs ?? 180_000);
    return cluster;
  }

  /** Waits until the controller lists `count` registered brokers (a node's own readiness says less). */
  async untilBrokers(count: number, timeoutMs = 120_000): Promise<void> {
    const admin = new Kafka({ clientId: 'local-kafka-probe', brokers: this.brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    const deadline = Date.now() + timeoutMs;
    try {
      for (;;) {
        try {
          await admin.connect();
          if ((await admin.describeCluster()).brokers.length >= count) return;
        } catch {
          // a node is still starting or stopping
        }
        if (Date.now() > deadline) throw new Error(`the cluster did not list ${count} brokers within ${timeoutMs / 1000} s`);
        await new Promise((r) => setTimeout(r, 300));
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  node(id: number): LocalKafka | undefined {
    return this.nodes[id - 1];
  }

  /** SIGKILL node `id` (1-based). */
  async kill(id: number): Promise<void> {
    await this.nodes[id - 1]?.kill();
    this.nodes[id - 1] = undefined;
  }

  /** Starts node `id` again on its data directory. */
  async restart(id: number): Promise<LocalKafka> {
    await this.nodes[id - 1]?.stop();
    const node = await LocalKafka.start(this.nodeOptions[id - 1]);
    this.nodes[id - 1] = node;
    await this.untilBrokers(this.nodeOptions.length);
    return node;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n?.stop()));
  }
}
