import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './app-config';
import { describeConnection, kafkaConnection, KafkaSecurityError } from './kafka-security';

// A throw-away certificate and keys made with openssl for these specs only (testing/*.pem).
const T = join(__dirname, 'testing');
const CERT = join(T, 'client-cert.pem');
const KEY = join(T, 'client-key.pem');
const KEY_ENCRYPTED = join(T, 'client-key-encrypted.pem');
const OTHER_KEY = join(T, 'other-key.pem');
const PASSPHRASE = 'unit-test-passphrase';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('Kafka TLS and SASL settings', () => {
  it('is PLAINTEXT without settings: brokers only', () => {
    const c = loadConfig({ KAFKA_BROKERS: 'k1:9093,k2:9093' }).kafka;
    expect(c).toEqual({ brokers: ['k1:9093', 'k2:9093'] });
    expect(describeConnection(c)).toBe('PLAINTEXT');
  });

  it('builds SASL_SSL with a CA, a client certificate, an encrypted key and SCRAM', () => {
    const c = loadConfig({
      KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
      KAFKA_SSL_CA_FILE: CERT,
      KAFKA_SSL_CERT_FILE: CERT,
      KAFKA_SSL_KEY_FILE: KEY_ENCRYPTED,
      KAFKA_SSL_KEY_PASSWORD: PASSPHRASE,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'imc',
      KAFKA_SASL_PASSWORD: 'pw',
    }).kafka;
    expect(c.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'imc', password: 'pw' });
    expect(String(c.ssl?.ca)).toContain('BEGIN CERTIFICATE');
    expect(String(c.ssl?.key)).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(c.ssl?.passphrase).toBe(PASSPHRASE);
    expect(describeConnection(c)).toBe('SASL_SSL, SCRAM-SHA-512, client certificate');
  });

  it.each([
    ['PLAIN', 'plain'],
    ['SCRAM-SHA-256', 'scram-sha-256'],
    ['SCRAM-SHA-512', 'scram-sha-512'],
  ])('maps mechanism %s to kafkajs %s, without TLS on SASL_PLAINTEXT', (mechanism, kafkajs) => {
    const c = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }).kafka;
    expect(c.sasl?.mechanism).toBe(kafkajs);
    expect(c.ssl).toBeUndefined();
  });

  it('uses Node\'s public CAs on SSL without a CA file', () => {
    expect(loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SSL' }).kafka.ssl).toEqual({});
  });

  it.each([
    [{ KAFKA_SECURITY_PROTOCOL: 'TLS' }, /KAFKA_SECURITY_PROTOCOL must be one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL/],
    [{ KAFKA_SSL_CA_FILE: CERT }, /KAFKA_SSL_CA_FILE set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT: use SSL or SASL_SSL/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SASL_USERNAME: 'u' }, /KAFKA_SASL_USERNAME set but KAFKA_SECURITY_PROTOCOL is SSL/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'PLAIN' }, /needs KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'GSSAPI', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, /KAFKA_SASL_MECHANISM must be one of/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }, /KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca.pem \(ENOENT\)/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: KEY }, /KAFKA_SSL_CA_FILE: .* holds no PEM certificate/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: CERT }, /KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: OTHER_KEY }, /does not belong to the certificate/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: KEY_ENCRYPTED }, /which is encrypted: set KAFKA_SSL_KEY_PASSWORD/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: KEY_ENCRYPTED, KAFKA_SSL_KEY_PASSWORD: 'not-it' }, /wrong KAFKA_SSL_KEY_PASSWORD\?/],
    [{ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: CERT }, /holds no PEM private key/],
  ])('refuses %j in one line naming the variable', (env, message) => {
    expect(refusal(env)).toMatch(message);
  });

  it('never puts a secret into a refusal, a JSON dump or an inspected config', () => {
    const secret = 'S3cr3t-never-shown';
    const wrongKeyPassword = refusal({ KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CERT_FILE: CERT, KAFKA_SSL_KEY_FILE: KEY_ENCRYPTED, KAFKA_SSL_KEY_PASSWORD: secret });
    expect(wrongKeyPassword).not.toContain(secret);
    const missingUser = refusal({ KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_PASSWORD: secret });
    expect(missingUser).not.toContain(secret);
    const badTokens = refusal({ IMC_API_TOKENS: `${secret}:admin` });
    expect(badTokens).not.toContain(secret);

    const config = loadConfig({ KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT', KAFKA_SASL_MECHANISM: 'PLAIN', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: secret, IMC_API_TOKENS: `${secret}x:viewer` });
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: 5 })).not.toContain(secret);
    expect(JSON.parse(JSON.stringify(config))).toMatchObject({ KAFKA_SASL_PASSWORD: '***', IMC_API_TOKENS: '***', KAFKA_SASL_MECHANISM: 'PLAIN' });
  });

  it('reads files through the given reader only (no hidden process.env or disk access)', () => {
    const files: Record<string, string> = { '/ca': '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----' };
    expect(() => kafkaConnection(['b:1'], { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: '/ca' }, (p) => files[p])).toThrow(KafkaSecurityError);
    expect(() => kafkaConnection(['b:1'], { KAFKA_SECURITY_PROTOCOL: 'SSL', KAFKA_SSL_CA_FILE: '/ca' }, (p) => files[p])).toThrow(/cannot be parsed/);
  });
});
