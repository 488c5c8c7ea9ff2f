/**
 * How the page keeps what it shows current when the API is not (yet) answering: pure rules, so
 * that they are unit-tested without a browser.
 *
 * A planner who signs in while the API is still loading its read model (503), or whose network
 * blinks, must not be left with an empty page until a reload: such reads are tried again by
 * themselves. A refusal (400, 401, 403, 404) would be answered the same again, so it is shown
 * and not retried.
 */

/** No answer at all (0), a proxy that lost the API (502, 504), the API loading or busy (503), or throttled (429). */
export function isTransient(status: number): boolean {
  return status === 0 || status === 429 || status === 502 || status === 503 || status === 504;
}

/** 1 s after the first failure, then doubling up to 15 s: quick while the API finishes loading, gentle when it is away. */
export function retryDelayMs(failures: number): number {
  return Math.min(15_000, 1000 * 2 ** Math.max(0, failures - 1));
}

/**
 * Which load of each part of the page is the latest. Answers can arrive out of order (a reload
 * after a decision and one after a live `proposal` event, say): only the answer of the latest
 * request of a part may replace what the page shows, or an older proposal could win over a newer.
 */
export class Generations<K> {
  private readonly latest = new Map<K, number>();

  /** Starts a load of `part`: its number, to give back to isLatest when it answers. */
  next(part: K): number {
    const n = (this.latest.get(part) ?? 0) + 1;
    this.latest.set(part, n);
    return n;
  }

  isLatest(part: K, generation: number): boolean {
    return this.latest.get(part) === generation;
  }

  /** Sign-out: every load still under way is now stale. */
  forgetAll(): void {
    for (const [k, n] of this.latest) this.latest.set(k, n + 1);
  }
}
