import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ReadModelService } from '../read-model/read-model.service';
import type { ViewChange } from '../read-model/planner-view';
import { errorMessage } from '@imc/contracts';

/** One Server-Sent Event: `event` names it, `data` is sent as one line of JSON. */
export interface LiveEvent {
  event: 'proposal' | 'loan';
  data: unknown;
}

export interface LiveSubscriber {
  send(event: LiveEvent): void;
  /** The API is shutting down: end the stream so that the HTTP server can close. */
  close(): void;
}

/**
 * Fans the read model's changes out to the open streams. Not an rxjs Subject on purpose: a
 * subscriber that throws (a socket gone bad) must not reach the read model, whose applyRecord
 * would count the record as skipped, nor become an unhandled error; it is dropped instead.
 */
@Injectable()
export class LiveFeed implements BeforeApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly subscribers = new Set<LiveSubscriber>();
  /** Open streams per caller identity. */
  private readonly held = new Map<string, number>();
  /** Enough for every planner of a team and their tabs; beyond it a stream is refused (503). */
  static readonly MAX_SUBSCRIBERS = 200;
  /**
   * Enough for one planner's tabs and screens; beyond it that caller's next stream is refused
   * (429), so that one token (a script, a leak) cannot take every stream from everyone else.
   */
  static readonly MAX_PER_IDENTITY = 20;

  constructor(readModel: ReadModelService) {
    readModel.view.onChange((change) => this.publish(toLiveEvent(change)));
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Streams the identity has open now. */
  heldBy(identity: string): number {
    return this.held.get(identity) ?? 0;
  }

  /**
   * Why one more stream for this identity is refused, if it is: the identity's own cap first
   * (429: it is that caller who holds too many), then the process's (503: everyone is refused).
   */
  refusal(identity: string): { cap: 'identity' | 'process'; message: string } | undefined {
    const mine = this.heldBy(identity);
    if (mine >= LiveFeed.MAX_PER_IDENTITY) {
      return { cap: 'identity', message: `${identity} holds ${mine} open streams, the most one identity may hold (${LiveFeed.MAX_PER_IDENTITY}); close one (another tab?) and retry` };
    }
    if (this.subscribers.size >= LiveFeed.MAX_SUBSCRIBERS) {
      return { cap: 'process', message: `this API process has ${this.subscribers.size} open streams, the most it takes (${LiveFeed.MAX_SUBSCRIBERS}; ${mine} of them yours, at most ${LiveFeed.MAX_PER_IDENTITY} per identity); retry shortly` };
    }
    return undefined;
  }

  subscribe(subscriber: LiveSubscriber, identity = 'anonymous'): () => void {
    this.subscribers.add(subscriber);
    this.held.set(identity, this.heldBy(identity) + 1);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.subscribers.delete(subscriber);
      const left = this.heldBy(identity) - 1;
      if (left > 0) this.held.set(identity, left);
      else this.held.delete(identity);
    };
  }

  publish(event: LiveEvent): void {
    for (const s of this.subscribers) {
      try {
        s.send(event);
      } catch (error) {
        this.subscribers.delete(s);
        this.logger.warn({ msg: 'live stream dropped', error: errorMessage(error) });
      }
    }
  }

  beforeApplicationShutdown(): void {
    for (const s of this.subscribers) {
      try {
        s.close();
      } catch {
        // Already gone.
      }
    }
    this.subscribers.clear();
    this.held.clear();
  }
}

/** What a page needs to know: a proposal's id and time (it fetches the rest), or the whole Loan. */
export function toLiveEvent(change: ViewChange): LiveEvent {
  if (change.kind === 'proposal') {
    const { proposalId, scope, version, asOf } = change.proposal;
    return { event: 'proposal', data: { proposalId, scope, version, asOf } };
  }
  return { event: 'loan', data: change.loan };
}

/** The wire form of one event: `data` is JSON, so it never holds a newline that would split it. */
export function formatSse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}
