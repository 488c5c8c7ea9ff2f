import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../support/project-root';
import { LocalKafka, LocalKafkaCluster, resolveKafkaClasspath } from './local-kafka';

/**
 * `npm run kafka -- fetch`                       resolve the broker jars from Maven Central
 * `npm run kafka -- start [--port N] [--data-dir D] [--nodes N]`  run a local broker (or a
 *   cluster of N nodes on ports N, N+2, ...; controllers on the odd ports) until Ctrl-C
 */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const log = (line: string): void => console.error(`[kafka] ${line}`);
  if (command === 'fetch') {
    const cp = await resolveKafkaClasspath(log);
    log(`${cp.split(':').length} jars on the classpath`);
    return;
  }
  if (command === 'start') {
    const port = Number(option(args, '--port') ?? 9092);
    if (!Number.isInteger(port) || port < 1 || port > 65534) throw new Error(`--port must be a port number, got ${option(args, '--port')}`);
    const dataDir = resolve(option(args, '--data-dir') ?? join(PROJECT_ROOT, '.data', 'kafka'));
    const nodes = Number(option(args, '--nodes') ?? 1);
    if (!Number.isInteger(nodes) || nodes < 1 || nodes > 9) throw new Error(`--nodes must be 1 to 9, got ${option(args, '--nodes')}`);
    const kafka = nodes === 1 ? await LocalKafka.start({ port, dataDir, log }) : await LocalKafkaCluster.start({ nodes, basePort: port, dataDir, log });
    log(nodes === 1 ? 'running; Ctrl-C stops it' : `cluster of ${nodes} running, KAFKA_BROKERS=${kafka.brokers}; Ctrl-C stops it`);
    const stop = async (): Promise<void> => {
      log('stopping...');
      await kafka.stop();
      log('stopped');
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    return;
  }
  throw new Error(`usage: npm run kafka -- fetch | start [--port N] [--data-dir DIR] [--nodes N]`);
}

main().catch((error: unknown) => {
  console.error(`[kafka] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
