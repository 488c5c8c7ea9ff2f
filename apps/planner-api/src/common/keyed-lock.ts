/**
 * Serializes work per key inside one process: a task holding keys a and b runs only when no
 * earlier task holding a or b is still running. Keys are taken all at once, so two tasks asking
 * for the same keys in different orders cannot deadlock.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const unique = [...new Set(keys)].sort();
    const previous = unique.map((k) => this.tails.get(k) ?? Promise.resolve());
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    for (const k of unique) this.tails.set(k, mine);
    try {
      await Promise.all(previous);
      return await task();
    } finally {
      release();
      for (const k of unique) if (this.tails.get(k) === mine) this.tails.delete(k);
    }
  }

  /** Keys with a task queued or running (for tests and metrics). */
  get held(): number {
    return this.tails.size;
  }
}
