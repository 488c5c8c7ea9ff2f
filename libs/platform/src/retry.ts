/**
 * Retries an operation that fails only for transient reasons (the broker is away) until it
 * succeeds or `stopped()` says the service is shutting down. Backoff doubles up to 5 s. An error
 * the broker gave as final (a record too large, an authorization refused) is thrown at once:
 * retrying it forever would block the service for nothing.
 */
export async function retryTransient<T>(
  operation: () => Promise<T>,
  onError: (error: unknown, attempt: number) => void,
  stopped: () => boolean = () => false,
): Promise<T> {
  let delay = 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (stopped() || !isTransient(error)) throw error;
      onError(error, attempt);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/**
 * kafkajs marks protocol errors it will not retry with `retriable: false`; connection trouble
 * and exhausted retries (the broker did not answer) are worth another try later.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const e = error as Error & { retriable?: boolean; final?: boolean };
  // Our own verdicts that no retry can change (an allocator that no longer leads).
  if (e.final === true) return false;
  if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return false;
  if (e.name === 'KafkaJSNonRetriableError' && !/connect|timeout|leader|coordinator/i.test(e.message)) return false;
  return true;
}
