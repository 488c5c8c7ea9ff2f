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

  it('reads the cluster settings of the topics, and refuses a min ISR above the replication', () => {
    expect(loadConfig({}).topicPlacement).toEqual({ replicationFactor: undefined, minInsyncReplicas: undefined });
    expect(loadConfig({ IMC_TOPIC_REPLICATION_FACTOR: '3', IMC_TOPIC_MIN_INSYNC_REPLICAS: '2' }).topicPlacement).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(() => loadConfig({ IMC_TOPIC_MIN_INSYNC_REPLICAS: '2' })).toThrow(/IMC_TOPIC_MIN_INSYNC_REPLICAS \(2\) must not exceed IMC_TOPIC_REPLICATION_FACTOR/);
    expect(() => loadConfig({ IMC_TOPIC_REPLICATION_FACTOR: '0' })).toThrow(/IMC_TOPIC_REPLICATION_FACTOR must be a whole number/);
  });

  it('names the allocators\' transactional id after the instance unless set', () => {
    expect(loadConfig({ IMC_INSTANCE: 'ops' }).transactionalId).toBe('ops-allocator');
    expect(loadConfig({ IMC_TRANSACTIONAL_ID: 'imc-prod-allocator' }).transactionalId).toBe('imc-prod-allocator');
    expect(() => loadConfig({ IMC_LEASE_TIMEOUT_MS: '1000' })).toThrow(/IMC_LEASE_TIMEOUT_MS/);
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
