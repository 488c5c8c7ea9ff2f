import { ApiError } from '../http/api-error';
import { KEY_LIFETIME_MS, KeyedRequest } from './idempotency-key';

interface Held<T> {
  fingerprint: string;
  answer: T;
  at: number;
}

/**
 * First answers of keyed requests that record nothing on Kafka (a what-if, the start of a stress
 * job), kept in this process for KEY_LIFETIME_MS and at most `capacity` of them, oldest dropped
 * first. Nothing is recorded by these requests, so a retry that another process or a restarted
 * one answers afresh records nothing twice either.
 */
export class RecentAnswers<T> {
  private readonly held = new Map<string, Held<T>>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The first answer for this request's key; 422 if the key came with another request. */
  earlier(request: KeyedRequest | undefined): T | undefined {
    if (request === undefined) return undefined;
    const held = this.held.get(request.eventId);
    if (held === undefined) return undefined;
    if (this.now() - held.at > KEY_LIFETIME_MS) {
      this.held.delete(request.eventId);
      return undefined;
    }
    if (held.fingerprint !== request.fingerprint) throw ApiError.keyReused(`Idempotency-Key ${request.key} was used for another request; send a new key for a new request`);
    return held.answer;
  }

  remember(request: KeyedRequest | undefined, answer: T): void {
    if (request === undefined || this.held.has(request.eventId)) return;
    this.held.set(request.eventId, { fingerprint: request.fingerprint, answer, at: this.now() });
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.capacity) break;
      this.held.delete(oldest);
    }
  }
}
