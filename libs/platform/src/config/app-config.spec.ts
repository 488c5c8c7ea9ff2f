import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.PORT).toBe(3000);
    expect(config.IMC_SOLVER).toBe('auto');
    expect(config.IMC_DEBOUNCE_MS).toBe(200);
    expect(config.developmentMode).toBe(false);
    expect(config.allowLossyTopics).toBe(false);
  });

  it('accepts losing state from topics only when told so in words', () => {
    expect(loadConfig({ IMC_ALLOW_LOSSY_TOPICS: 'true' }).allowLossyTopics).toBe(true);
    expect(loadConfig({ IMC_ALLOW_LOSSY_TOPICS: 'false' }).allowLossyTopics).toBe(false);
  });

  it('reads and converts the variables it knows', () => {
    const config = loadConfig({ KAFKA_BROKERS: 'a:1, b:2', PORT: '8080', NODE_ENV: 'development', IMC_API_TOKENS: 't1:viewer,t2:approver' });
    expect(config.brokers).toEqual(['a:1', 'b:2']);
    expect(config.PORT).toBe(8080);
    expect(config.developmentMode).toBe(true);
  });

  it.each([
    [{ KAFKA_BROKERS: 'http://localhost:9092' }, /KAFKA_BROKERS must be/],
    [{ PORT: 'eighty' }, /PORT must be a port number/],
    [{ IMC_SOLVER: 'cplex' }, /IMC_SOLVER must be one of/],
    [{ IMC_API_TOKENS: 'abc:admin' }, /IMC_API_TOKENS must be/],
    [{ IMC_ALLOW_LOSSY_TOPICS: 'yes' }, /IMC_ALLOW_LOSSY_TOPICS must be true or false/],
  ])('rejects %j with a one-line message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
