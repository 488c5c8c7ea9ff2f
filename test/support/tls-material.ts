import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TlsMaterial {
  /** The test CA's certificate (PEM): KAFKA_SSL_CA_FILE. */
  caPem: string;
  /** The broker's key and certificate chain, and the CA as the broker's truststore (PKCS12). */
  keystore: { path: string; password: string };
  truststore: { path: string; password: string };
  /** A client certificate signed by the CA, and its key, encrypted with keyPassword (PEM). */
  clientCertPem: string;
  clientKeyPem: string;
  keyPassword: string;
  /** A second CA, trusted by nobody: a client that trusts it must refuse the broker. */
  strangerCaPem: string;
}

async function keytool(...args: string[]): Promise<void> {
  await run('keytool', args);
}

/**
 * A throw-away CA, a broker certificate for 127.0.0.1 and a client certificate, made with the
 * JDK's keytool (the broker reads PKCS12); openssl only turns the client's PKCS12 into the PEM
 * files a Node client reads, since keytool cannot export a private key. Valid for two days.
 */
export async function makeTlsMaterial(dir: string): Promise<TlsMaterial> {
  const pass = 'e2e-store-pass';
  const p = (name: string): string => join(dir, name);
  const common = ['-storetype', 'PKCS12', '-storepass', pass, '-keypass', pass, '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', '2'];

  await keytool('-genkeypair', '-alias', 'ca', '-dname', 'CN=imc e2e CA', '-ext', 'bc:c', '-keystore', p('ca.p12'), ...common);
  await keytool('-exportcert', '-rfc', '-alias', 'ca', '-keystore', p('ca.p12'), '-storepass', pass, '-file', p('ca.pem'));
  await keytool('-genkeypair', '-alias', 'ca', '-dname', 'CN=stranger CA', '-ext', 'bc:c', '-keystore', p('stranger.p12'), ...common);
  await keytool('-exportcert', '-rfc', '-alias', 'ca', '-keystore', p('stranger.p12'), '-storepass', pass, '-file', p('stranger.pem'));

  // Each leaf: key pair, request, signed by the CA, then the chain back into its own store.
  const leaf = async (name: string, dname: string, ext: string[]): Promise<void> => {
    await keytool('-genkeypair', '-alias', name, '-dname', dname, '-keystore', p(`${name}.p12`), ...common);
    await keytool('-certreq', '-alias', name, '-keystore', p(`${name}.p12`), '-storepass', pass, '-file', p(`${name}.csr`));
    await keytool('-gencert', '-alias', 'ca', '-keystore', p('ca.p12'), '-storepass', pass, '-infile', p(`${name}.csr`), '-outfile', p(`${name}.crt`), '-rfc', '-validity', '2', ...ext);
    await keytool('-importcert', '-noprompt', '-alias', 'ca', '-file', p('ca.pem'), '-keystore', p(`${name}.p12`), '-storetype', 'PKCS12', '-storepass', pass);
    await keytool('-importcert', '-noprompt', '-alias', name, '-file', p(`${name}.crt`), '-keystore', p(`${name}.p12`), '-storetype', 'PKCS12', '-storepass', pass);
  };
  await leaf('broker', 'CN=127.0.0.1', ['-ext', 'SAN=ip:127.0.0.1,dns:localhost', '-ext', 'EKU=serverAuth']);
  await leaf('client', 'CN=imc-e2e-client', ['-ext', 'EKU=clientAuth']);
  await keytool('-importcert', '-noprompt', '-alias', 'ca', '-file', p('ca.pem'), '-keystore', p('truststore.p12'), '-storetype', 'PKCS12', '-storepass', pass);

  const keyPassword = 'e2e-key-pass';
  await run('openssl', ['pkcs12', '-in', p('client.p12'), '-passin', `pass:${pass}`, '-nocerts', '-passout', `pass:${keyPassword}`, '-out', p('client-key.pem')]);
  return {
    caPem: p('ca.pem'),
    keystore: { path: p('broker.p12'), password: pass },
    truststore: { path: p('truststore.p12'), password: pass },
    clientCertPem: p('client.crt'),
    clientKeyPem: p('client-key.pem'),
    keyPassword,
    strangerCaPem: p('stranger.pem'),
  };
}
