import { createPrivateKey, KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';

export const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type SecurityProtocol = (typeof SECURITY_PROTOCOLS)[number];
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Everything a Kafka client needs to reach the cluster: where, and how to prove who it is. */
export interface KafkaConnection {
  brokers: string[];
  /** TLS options (CA, client certificate and key); absent on a PLAINTEXT or SASL_PLAINTEXT listener. */
  ssl?: ConnectionOptions;
  sasl?: SASLOptions;
}

/** The Kafka settings of AppConfig, as the environment gave them (secrets already read from files). */
export interface KafkaSecuritySettings {
  KAFKA_SECURITY_PROTOCOL: SecurityProtocol;
  KAFKA_SSL_CA_FILE?: string;
  KAFKA_SSL_CERT_FILE?: string;
  KAFKA_SSL_KEY_FILE?: string;
  KAFKA_SSL_KEY_PASSWORD?: string;
  KAFKA_SASL_MECHANISM?: SaslMechanism;
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
}

/** A setting that contradicts another, or a file that is not what it should be: one line, no secret. */
export class KafkaSecurityError extends Error {}

function readPem(variable: string, path: string, read: (p: string) => string): string {
  try {
    return read(path);
  } catch (error) {
    throw new KafkaSecurityError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

function certificates(variable: string, path: string, pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new KafkaSecurityError(`${variable}: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
  return blocks.map((block) => {
    try {
      return new X509Certificate(block);
    } catch {
      throw new KafkaSecurityError(`${variable}: ${path} holds a certificate that cannot be parsed`);
    }
  });
}

function privateKey(path: string, pem: string, passphrase: string | undefined): KeyObject {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) throw new KafkaSecurityError(`KAFKA_SSL_KEY_FILE: ${path} holds no PEM private key`);
  try {
    return createPrivateKey({ key: pem, passphrase });
  } catch {
    // Node's message would only restate this; the passphrase is not repeated.
    const hint = /ENCRYPTED/.test(pem) ? (passphrase === undefined ? ', which is encrypted: set KAFKA_SSL_KEY_PASSWORD' : ': wrong KAFKA_SSL_KEY_PASSWORD?') : '';
    throw new KafkaSecurityError(`KAFKA_SSL_KEY_FILE: cannot load the private key in ${path}${hint}`);
  }
}

/**
 * The connection the settings describe, refusing combinations that would not do what the operator
 * meant: a CA or certificate on a listener without TLS (the traffic would go in clear), SASL
 * credentials on a listener without SASL, a certificate without its key, a SASL listener without a
 * mechanism or credentials. Certificate and key files are read and checked here, at start-up, so a
 * wrong path or a key that does not match the certificate stops the service with one line instead
 * of failing every connection later.
 */
export function kafkaConnection(brokers: string[], s: KafkaSecuritySettings, read: (p: string) => string = (p) => readFileSync(p, 'utf8')): KafkaConnection {
  const protocol = s.KAFKA_SECURITY_PROTOCOL;
  const tls = protocol === 'SSL' || protocol === 'SASL_SSL';
  const sasl = protocol === 'SASL_PLAINTEXT' || protocol === 'SASL_SSL';

  if (!tls) {
    const set = (['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE', 'KAFKA_SSL_KEY_PASSWORD'] as const).filter((k) => s[k] !== undefined);
    if (set.length > 0) throw new KafkaSecurityError(`${set.join(', ')} set but KAFKA_SECURITY_PROTOCOL is ${protocol}: use SSL or SASL_SSL for TLS`);
  }
  if (!sasl) {
    const set = (['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const).filter((k) => s[k] !== undefined);
    if (set.length > 0) throw new KafkaSecurityError(`${set.join(', ')} set but KAFKA_SECURITY_PROTOCOL is ${protocol}: use SASL_PLAINTEXT or SASL_SSL for SASL`);
  }

  const connection: KafkaConnection = { brokers };
  if (tls) {
    const ssl: ConnectionOptions = {};
    if (s.KAFKA_SSL_CA_FILE !== undefined) {
      const pem = readPem('KAFKA_SSL_CA_FILE', s.KAFKA_SSL_CA_FILE, read);
      certificates('KAFKA_SSL_CA_FILE', s.KAFKA_SSL_CA_FILE, pem);
      ssl.ca = pem;
    }
    if ((s.KAFKA_SSL_CERT_FILE === undefined) !== (s.KAFKA_SSL_KEY_FILE === undefined)) {
      throw new KafkaSecurityError('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together: a client certificate needs its private key');
    }
    if (s.KAFKA_SSL_KEY_PASSWORD !== undefined && s.KAFKA_SSL_KEY_FILE === undefined) throw new KafkaSecurityError('KAFKA_SSL_KEY_PASSWORD set without KAFKA_SSL_KEY_FILE');
    if (s.KAFKA_SSL_CERT_FILE !== undefined && s.KAFKA_SSL_KEY_FILE !== undefined) {
      const certPem = readPem('KAFKA_SSL_CERT_FILE', s.KAFKA_SSL_CERT_FILE, read);
      const [leaf] = certificates('KAFKA_SSL_CERT_FILE', s.KAFKA_SSL_CERT_FILE, certPem);
      const keyPem = readPem('KAFKA_SSL_KEY_FILE', s.KAFKA_SSL_KEY_FILE, read);
      const key = privateKey(s.KAFKA_SSL_KEY_FILE, keyPem, s.KAFKA_SSL_KEY_PASSWORD);
      if (!leaf.checkPrivateKey(key)) throw new KafkaSecurityError(`KAFKA_SSL_KEY_FILE: the key in ${s.KAFKA_SSL_KEY_FILE} does not belong to the certificate in ${s.KAFKA_SSL_CERT_FILE}`);
      ssl.cert = certPem;
      ssl.key = keyPem;
      if (s.KAFKA_SSL_KEY_PASSWORD !== undefined) ssl.passphrase = s.KAFKA_SSL_KEY_PASSWORD;
    }
    connection.ssl = ssl;
  }
  if (sasl) {
    const missing = (['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const).filter((k) => s[k] === undefined);
    if (missing.length > 0) throw new KafkaSecurityError(`KAFKA_SECURITY_PROTOCOL ${protocol} needs ${missing.join(', ')} (or the _FILE form of a secret)`);
    const username = s.KAFKA_SASL_USERNAME as string;
    const password = s.KAFKA_SASL_PASSWORD as string;
    switch (s.KAFKA_SASL_MECHANISM as SaslMechanism) {
      case 'PLAIN':
        connection.sasl = { mechanism: 'plain', username, password };
        break;
      case 'SCRAM-SHA-256':
        connection.sasl = { mechanism: 'scram-sha-256', username, password };
        break;
      case 'SCRAM-SHA-512':
        connection.sasl = { mechanism: 'scram-sha-512', username, password };
        break;
    }
  }
  return connection;
}

/** How the connection authenticates, for a log line or an error message: never a secret. */
export function describeConnection(c: KafkaConnection): string {
  const protocol = c.ssl ? (c.sasl ? 'SASL_SSL' : 'SSL') : c.sasl ? 'SASL_PLAINTEXT' : 'PLAINTEXT';
  const parts = [protocol];
  if (c.sasl) parts.push(c.sasl.mechanism.toUpperCase());
  if (c.ssl?.cert) parts.push('client certificate');
  return parts.join(', ');
}
