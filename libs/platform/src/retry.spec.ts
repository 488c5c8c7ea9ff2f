import { isTransient, retryTransient } from './retry';

const named = (name: string, message: string, retriable?: boolean): Error => Object.assign(new Error(message), { name, retriable });

describe('retryTransient', () => {
  it('retries a transient failure until it succeeds', async () => {
    let calls = 0;
    const errors: number[] = [];
    const value = await retryTransient(
      async () => {
        calls++;
        if (calls < 3) throw named('KafkaJSConnectionError', 'Connection error: ECONNREFUSED', true);
        return 'sent';
      },
      (_e, attempt) => errors.push(attempt),
    );
    expect(value).toBe('sent');
    expect(errors).toEqual([1, 2]);
  });

  it('throws a final broker error at once', async () => {
    let calls = 0;
    const tooLarge = named('KafkaJSProtocolError', 'The request included a message larger than the max message size the server will accept', false);
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw tooLarge;
        },
        () => undefined,
      ),
    ).rejects.toBe(tooLarge);
    expect(calls).toBe(1);
  });

  it('gives up when the service is stopping', async () => {
    await expect(retryTransient(async () => Promise.reject(named('KafkaJSConnectionError', 'down', true)), () => undefined, () => true)).rejects.toThrow('down');
  });
});

describe('isTransient', () => {
  it.each([
    [named('KafkaJSConnectionError', 'Connection error', true), true],
    [named('KafkaJSNumberOfRetriesExceeded', 'retries exceeded', false), true],
    [named('KafkaJSProtocolError', 'Not authorized to access topics', false), false],
    [named('KafkaJSProtocolError', 'There is no leader for this topic-partition', true), true],
  ])('%s -> %s', (error, expected) => {
    expect(isTransient(error)).toBe(expected);
  });
});
