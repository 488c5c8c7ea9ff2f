import type { Consumer } from 'kafkajs';

export interface ConsumerVerdict {
  ok: boolean;
  /** Why not ready: `stopped`, `crash-looping` or `stalled`, with a sentence after the colon. */
  reason?: string;
  crashesLastMinute: number;
  lag: number | null;
  lastProgressAgoMs: number | null;
}

export const CONSUMER_PROBLEMS = ['stopped', 'crash-looping', 'stalled'] as const;

export interface ConsumerHealthOptions {
  /** Crashes within a minute that count as a crash loop (kafkajs restarts after each). */
  crashLoopCount?: number;
  /** How long records may wait with the lag not falling before the consumer counts as stalled. */
  stallMs?: number;
  now?: () => number;
}

/**
 * What /health/ready needs to know about a live consumer that kafkajs alone does not say: it
 * restarts a crashed consumer quietly (a poison record can make it crash on the same offset
 * forever), it can stop for good, and it can sit still while records wait. Fed by the consumer's
 * instrumentation events and by the lag the service measures.
 */
export class ConsumerHealth {
  private readonly crashLoopCount: number;
  private readonly stallMs: number;
  private readonly now: () => number;
  private readonly crashes: number[] = [];
  private stopped: string | undefined;
  private attached = false;
  private lastProgress: number;
  private lag: number | null = null;
  private lastLagDrop: number;

  constructor(options: ConsumerHealthOptions = {}) {
    this.crashLoopCount = options.crashLoopCount ?? 3;
    this.stallMs = options.stallMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.lastProgress = this.now();
    this.lastLagDrop = this.now();
  }

  attach(consumer: Consumer): void {
    this.attached = true;
    this.stopped = undefined;
    consumer.on(consumer.events.CRASH, (e) => this.crashed(String(e.payload.error), e.payload.restart));
    consumer.on(consumer.events.STOP, () => this.stop('the consumer stopped'));
    consumer.on(consumer.events.GROUP_JOIN, () => {
      // Joined a group: running, whatever stopped it before.
      this.stopped = undefined;
      this.progress();
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, () => this.progress());
    // A fetch that returns nothing is progress too: the broker has nothing this consumer may read.
    // That is the normal end of a topic written in transactions (the allocator's proposals and
    // loans), where the last offset is a commit marker no consumer receives or commits past, so
    // the measured lag stays at 1 for good. A consumer stuck in its handler does not fetch.
    consumer.on(consumer.events.FETCH, () => this.progress());
  }

  /** A record or batch was processed (also called by handlers that are not batch-instrumented). */
  progress(): void {
    this.lastProgress = this.now();
  }

  crashed(error: string, restart: boolean): void {
    this.crashes.push(this.now());
    if (!restart) this.stop(`crashed and not restarted: ${error}`);
    // kafkajs stops a crashed consumer (emitting STOP) before it schedules the restart: that STOP
    // is not the end. Kept, it marked the consumer stopped for good after one crash, e.g. when a
    // broker of a cluster died (found by the three-broker e2e spec: the planner-api answered 503
    // to every read). Repeated crashes are what crash-looping is for.
    else this.stopped = undefined;
  }

  stop(why: string): void {
    this.stopped = why;
  }

  /** Total records waiting over the consumer's partitions, as last measured. */
  recordLag(total: number): void {
    if (this.lag === null || total < this.lag || total === 0) this.lastLagDrop = this.now();
    this.lag = total;
  }

  verdict(): ConsumerVerdict {
    const now = this.now();
    while (this.crashes.length > 0 && now - this.crashes[0] > 60_000) this.crashes.shift();
    const base = { crashesLastMinute: this.crashes.length, lag: this.lag, lastProgressAgoMs: this.attached ? now - this.lastProgress : null };
    if (!this.attached) return { ok: false, reason: 'stopped: the live consumer is not running', ...base };
    if (this.stopped !== undefined) return { ok: false, reason: `stopped: ${this.stopped}`, ...base };
    if (this.crashes.length >= this.crashLoopCount) return { ok: false, reason: `crash-looping: ${this.crashes.length} consumer crashes in the last minute`, ...base };
    const idle = now - Math.max(this.lastProgress, this.lastLagDrop);
    if (this.lag !== null && this.lag > 0 && idle > this.stallMs) {
      return { ok: false, reason: `stalled: ${this.lag} records waiting and the lag has not fallen for ${Math.round(idle / 1000)} s`, ...base };
    }
    return { ok: true, ...base };
  }
}
