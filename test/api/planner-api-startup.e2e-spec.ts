import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { compiledEntry } from '../../scripts/support/app-process';
import { freePort } from '../support/services';

describe('planner API start-up refusals', () => {
  const run = (env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [compiledEntry('planner-api')], {
      cwd: resolve(__dirname, '..', '..'),
      env: { ...process.env, PORT: String(freePort()), KAFKA_BROKERS: `127.0.0.1:${freePort()}`, IMC_API_TOKENS: undefined, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it.each(['production', 'test'])('refuses to start without IMC_API_TOKENS when NODE_ENV=%s: one line, exit 1, the reason', (mode) => {
    const result = run({ NODE_ENV: mode });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^planner-api: IMC_API_TOKENS is not set: the API refuses to start without tokens outside development mode/);
  });

  it('refuses a malformed IMC_API_TOKENS naming the variable', () => {
    const result = run({ NODE_ENV: 'production', IMC_API_TOKENS: 'abc:admin' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('IMC_API_TOKENS must be');
  });

  it('with OpenID Connect needs no IMC_API_TOKENS outside development mode (and here stops at the unreachable broker)', () => {
    const result = run({ NODE_ENV: 'production', OIDC_ISSUER: 'https://id.example.org/realms/un', OIDC_AUDIENCE: 'imc-planner-api' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot reach Kafka/);
  });

  it.each([
    ['an issuer without audience', { OIDC_ISSUER: 'https://id.example.org/realms/un' }, 'OIDC_ISSUER needs OIDC_AUDIENCE'],
    ['a password given twice', { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'start-up-secret', KAFKA_SASL_PASSWORD_FILE: '/run/secrets/x' }, 'set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both'],
    ['a password for a listener without SASL', { KAFKA_SECURITY_PROTOCOL: 'PLAINTEXT', KAFKA_SASL_PASSWORD: 'start-up-secret' }, 'KAFKA_SASL_PASSWORD set but KAFKA_SECURITY_PROTOCOL is PLAINTEXT'],
  ] as const)('refuses %s in one line, with no secret in it', (_, env, message) => {
    const result = run({ NODE_ENV: 'production', IMC_API_TOKENS: 't:viewer', ...env });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    expect(result.stderr).not.toContain('start-up-secret');
  });

  it('in development mode gets past the token check (and here stops at the unreachable broker)', () => {
    const result = run({ NODE_ENV: 'development' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/cannot reach Kafka/);
  });
});
