/**
 * Retries an operation that fails only for transient reasons (the broker is away) until it
 * succeeds or `stopped()` says the service is shutting down. Backoff doubles up to 5 s.
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
      if (stopped()) throw error;
      onError(error, attempt);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
