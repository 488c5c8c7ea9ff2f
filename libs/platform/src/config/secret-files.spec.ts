import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';
import { resolveSecretFiles } from './secret-files';

describe('secrets from files (<NAME>_FILE)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'imc-secret-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads each secret from its file, dropping one trailing line break only', () => {
    const config = loadConfig({
      KAFKA_SECURITY_PROTOCOL: 'SASL_PLAINTEXT',
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-256',
      KAFKA_SASL_USERNAME_FILE: file('user', 'imc-user\n'),
      KAFKA_SASL_PASSWORD_FILE: file('password', ' pass word \n'),
      IMC_API_TOKENS_FILE: file('tokens', 'a-token:planner\r\n'),
    });
    expect(config.kafka.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'imc-user', password: ' pass word ' });
    expect(config.IMC_API_TOKENS).toBe('a-token:planner');
  });

  it('refuses a secret given both ways, a missing file and an empty one, naming the variable and not the content', () => {
    const both = (): unknown => loadConfig({ KAFKA_SASL_PASSWORD: 'inline-secret', KAFKA_SASL_PASSWORD_FILE: file('p2', 'file-secret') });
    expect(both).toThrow(ConfigError);
    expect(both).toThrow('invalid configuration: set KAFKA_SASL_PASSWORD or KAFKA_SASL_PASSWORD_FILE, not both');
    expect(() => loadConfig({ KAFKA_SSL_KEY_PASSWORD_FILE: join(dir, 'absent') })).toThrow(/KAFKA_SSL_KEY_PASSWORD_FILE: cannot read .*absent \(ENOENT\)/);
    expect(() => loadConfig({ IMC_API_TOKENS_FILE: file('empty', '\n') })).toThrow(/IMC_API_TOKENS_FILE: .* is empty/);
  });

  it('leaves the environment it was given alone and ignores variables it does not know', () => {
    const env = { KAFKA_SASL_PASSWORD_FILE: '/x', OTHER_FILE: '/y' };
    const out = resolveSecretFiles(env, () => 'from-file');
    expect(out).toEqual({ KAFKA_SASL_PASSWORD: 'from-file', OTHER_FILE: '/y' });
    expect(env).toEqual({ KAFKA_SASL_PASSWORD_FILE: '/x', OTHER_FILE: '/y' });
  });
});
