import { commitOffset } from './ingest.controller';

/** A kafkajs connection error, as a commit to a dead coordinator gives. */
function connectionRefused(): Error {
  const error = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:28004');
  error.name = 'KafkaJSConnectionError';
  return error;
}

describe('commitOffset (the commit after each input record)', () => {
  it('commits once when the broker answers', async () => {
    const warnings: string[] = [];
    let calls = 0;
    await expect(commitOffset(async () => void calls++, (l) => warnings.push(l))).resolves.toBe(true);
    expect([calls, warnings]).toEqual([1, []]);
  });

  it('retries a transient failure and then commits', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const commit = async (): Promise<void> => {
      calls++;
      if (calls < 3) throw connectionRefused();
    };
    await expect(commitOffset(commit, (l) => warnings.push(l), 10_000)).resolves.toBe(true);
    expect(calls).toBe(3);
    expect(warnings).toHaveLength(2);
  });

  // The coordinator the consumer joined through is dead and kafkajs keeps committing to it: the
  // handler must give up and return, so that the consumer heartbeats, fails and rejoins elsewhere.
  it('gives up after its patience, leaving the offset uncommitted, when every attempt fails', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const started = Date.now();
    const commit = async (): Promise<void> => {
      calls++;
      throw connectionRefused();
    };
    await expect(commitOffset(commit, (l) => warnings.push(l), 500)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toBeGreaterThan(1);
    expect(warnings[warnings.length - 1]).toMatch(/^offset left uncommitted .*ECONNREFUSED/);
  });
});
