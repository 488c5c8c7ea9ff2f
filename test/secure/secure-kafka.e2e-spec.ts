import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Proposal } from '@imc/contracts';
import { KafkaRefusedError, loadConfig, probeBrokers } from '@imc/platform';
import { LocalKafka } from '../../scripts/kafka/local-kafka';
import { replayFile } from '../../scripts/replay/replay';
import { launchApp } from '../../scripts/support/app-process';
import { embeddedFinal, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { makeTlsMaterial, TlsMaterial } from '../support/tls-material';

/**
 * Issue 13, section 3: both services, and the replay CLI, through a SASL_SSL listener that also
 * requires a client certificate, configured only by the documented variables (secrets from
 * files); then the refusals an operator meets first: a wrong password, an untrusted broker.
 */
const ROOT = resolve(__dirname, '..', '..');
const SCENARIO = join(SCENARIOS, '02-cote-divoire-elections-2010.jsonl');
const INSTANCE = 'sec';
const TOKEN = 'sec-token';
const USER = 'imc-services';
const PASSWORD = 'scram-512-secret';

describe('secure Kafka connections (TLS with a client certificate, SASL PLAIN and SCRAM)', () => {
  let dir: string;
  let tls: TlsMaterial;
  let broker: LocalKafka;
  let allocator: ServiceHandle | undefined;
  let api: ServiceHandle | undefined;

  /** The variables an operator sets; the SASL password and the key's passphrase come from files. */
  const secureEnv = (over: Record<string, string> = {}): Record<string, string> => ({
    KAFKA_BROKERS: broker.secureBrokers ?? '',
    KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
    KAFKA_SSL_CA_FILE: tls.caPem,
    KAFKA_SSL_CERT_FILE: tls.clientCertPem,
    KAFKA_SSL_KEY_FILE: tls.clientKeyPem,
    KAFKA_SSL_KEY_PASSWORD_FILE: join(dir, 'key-password'),
    KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
    KAFKA_SASL_USERNAME: USER,
    KAFKA_SASL_PASSWORD_FILE: join(dir, 'sasl-password'),
    IMC_INSTANCE: INSTANCE,
    IMC_API_TOKENS: `${TOKEN}:approver`,
    ...over,
  });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imc-e2e-secure-'));
    tls = await makeTlsMaterial(dir);
    writeFileSync(join(dir, 'key-password'), `${tls.keyPassword}\n`);
    writeFileSync(join(dir, 'sasl-password'), `${PASSWORD}\n`);
    const port = 27000 + Math.floor(Math.random() * 900) * 3;
    broker = await LocalKafka.start({
      port,
      dataDir: join(dir, 'kafka'),
      secure: {
        port: port + 2,
        protocol: 'SASL_SSL',
        keystore: tls.keystore,
        truststore: tls.truststore,
        clientAuth: 'required',
        plainUsers: { 'plain-user': 'plain-secret' },
        scramUsers: [
          { mechanism: 'SCRAM-SHA-512', name: USER, password: PASSWORD },
          { mechanism: 'SCRAM-SHA-256', name: 'scram256-user', password: 'scram-256-secret' },
        ],
      },
    });
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await allocator?.stop();
    await broker?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs both services through SASL_SSL: a scenario in by the replay CLI code, the proposal out, read over the API', async () => {
    allocator = await startService('allocator', secureEnv(), 120_000);
    api = await startService('planner-api', secureEnv(), 120_000);
    const expected = await embeddedFinal(SCENARIO);

    const connection = loadConfig(secureEnv()).kafka;
    const summary = await replayFile(SCENARIO, connection, { allocatorGroup: `${INSTANCE}-allocator` });
    expect(summary.unroutable).toEqual([]);
    // Each decision of the file waited for the allocator's group, read through SASL_SSL too.
    expect(summary.waits).toEqual([]);

    // The allocator's progress and its proposals are read on the PLAINTEXT listener the test keeps.
    await settled(allocator, broker.brokers, INSTANCE, 120_000);
    const published = await publishedProposals(broker.brokers);
    const last = published[published.length - 1];
    expect(proposalFingerprint(last)).toBe(proposalFingerprint(expected));
    const current = await eventually(
      async () => {
        const res = await fetch(`${api?.url}/v1/proposals/current`, { headers: { authorization: `Bearer ${TOKEN}` } });
        const p = res.status === 200 ? ((await res.json()) as Proposal) : undefined;
        return p?.proposalId === last.proposalId ? p : undefined;
      },
      90_000,
      `the API to serve the allocator's last proposal ${last.proposalId}`,
    );
    expect(current.loans.length + current.unmet.length).toBeGreaterThan(0);

    for (const service of [allocator, api]) {
      expect(service.output()).not.toContain(PASSWORD);
      expect(service.output()).not.toContain(tls.keyPassword);
      expect(service.output().split('\n').filter((l) => l.includes('"level":"error"'))).toEqual([]);
    }
  }, 300_000);

  it.each([
    ['PLAIN', 'plain-user', 'plain-secret'],
    ['SCRAM-SHA-256', 'scram256-user', 'scram-256-secret'],
  ])('connects with SASL %s too', async (mechanism, user, password) => {
    const connection = loadConfig(secureEnv({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: user, KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: password })).kafka;
    await expect(probeBrokers(connection, 30_000)).resolves.toBeUndefined();
  }, 60_000);

  it('a service with a wrong password stops at once: one line naming the user and the variables, exit 1, no password', async () => {
    const wrong = 'not-the-password';
    const app = launchApp('allocator', { ...process.env, NODE_ENV: 'test', ALLOCATOR_PORT: String(freePort()), ...secureEnv({ KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: wrong }) }, { capture: true });
    const code = await new Promise<number | null>((r) => app.child.once('exit', r));
    expect(code).toBe(1);
    const lines = app.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^allocator: Kafka at 127\.0\.0\.1:\d+ refused the SASL login for user "imc-services" \(.*\); check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM$/);
    expect(app.output()).not.toContain(wrong);
  }, 120_000);

  it('the replay CLI with a wrong password: one line, exit 1', async () => {
    const env = { ...process.env, TS_NODE_PROJECT: 'tsconfig.json', ...secureEnv({ KAFKA_SASL_PASSWORD_FILE: '', KAFKA_SASL_PASSWORD: 'also-wrong' }) };
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'scripts/replay/cli.ts', SCENARIO], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(output.trim().split('\n')).toEqual([expect.stringMatching(/^\[replay\] Kafka at .* refused the SASL login for user "imc-services"/)]);
    expect(output).not.toContain('also-wrong');
  }, 120_000);

  it('a client that does not trust the broker\'s CA is refused at once, pointing at KAFKA_SSL_CA_FILE', async () => {
    const connection = loadConfig(secureEnv({ KAFKA_SSL_CA_FILE: tls.strangerCaPem })).kafka;
    const started = Date.now();
    const refused = await probeBrokers(connection, 30_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KafkaRefusedError);
    expect((refused as Error).message).toMatch(/TLS with Kafka at .* failed: the broker's certificate is not trusted \(\w+\); check KAFKA_SSL_CA_FILE/);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 60_000);
});
