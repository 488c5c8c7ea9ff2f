import { KafkaJSConnectionError, KafkaJSSASLAuthenticationError, logLevel } from 'kafkajs';
import { KafkaConnection } from '../config/kafka-security';
import { kafkaClientConfig, refusal } from './kafka-client';

const secure: KafkaConnection = { brokers: ['k:9094'], ssl: { ca: 'CA' }, sasl: { mechanism: 'scram-sha-512', username: 'imc', password: 'the-password' } };

describe('kafkaClientConfig', () => {
  it('carries TLS and SASL whatever the overrides say', () => {
    const config = kafkaClientConfig(secure, 'id', { logLevel: logLevel.NOTHING, retry: { retries: 0 } });
    expect(config).toMatchObject({ clientId: 'id', brokers: ['k:9094'], ssl: { ca: 'CA' }, sasl: secure.sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  });

  it('takes a bare broker list as PLAINTEXT', () => {
    const config = kafkaClientConfig(['a:1'], 'id');
    expect(config.brokers).toEqual(['a:1']);
    expect('ssl' in config || 'sasl' in config).toBe(false);
  });
});

describe('refusal', () => {
  it('says a SASL refusal in one line with the user and the variables to check, never the password', () => {
    const error = refusal(new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)('SASL SCRAM SHA512 authentication failed: Authentication failed\nduring authentication'), secure);
    expect(error?.message).toBe(
      'Kafka at k:9094 refused the SASL login for user "imc" (SASL SCRAM SHA512 authentication failed: Authentication failed during authentication); check KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM',
    );
    expect(error?.message).not.toContain('the-password');
  });

  it('says an untrusted broker certificate points at KAFKA_SSL_CA_FILE', () => {
    const error = refusal(new KafkaJSConnectionError('self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), secure);
    expect(error?.message).toMatch(/^TLS with Kafka at k:9094 failed: the broker's certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN\); check KAFKA_SSL_CA_FILE/);
  });

  it('leaves what waiting may cure (refused connection, timeouts) to the retry loop', () => {
    expect(refusal(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { code: 'ECONNREFUSED' }), secure)).toBeUndefined();
    expect(refusal('text', secure)).toBeUndefined();
  });
});
