import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ReadModelService } from '../read-model/read-model.service';
import type { ViewChange } from '../read-model/planner-view';

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
  /** Enough for every planner of a team and their tabs; beyond it a stream is refused (503). */
  static readonly MAX_SUBSCRIBERS = 200;

  constructor(readModel: ReadModelService) {
    readModel.view.onChange((change) => this.publish(toLiveEvent(change)));
  }

  get size(): number {
    return this.subscribers.size;
  }

  subscribe(subscriber: LiveSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  publish(event: LiveEvent): void {
    for (const s of this.subscribers) {
      try {
        s.send(event);
      } catch (error) {
        this.subscribers.delete(s);
        this.logger.warn({ msg: 'live stream dropped', error: error instanceof Error ? error.message : String(error) });
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
