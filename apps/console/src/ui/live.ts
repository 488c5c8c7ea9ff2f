import { token } from './api';
import { SseParser } from '../sse';

export type LiveState = 'connecting' | 'live' | 'offline';

export interface LiveHandlers {
  onEvent(event: string, data: unknown): void;
  onState(state: LiveState): void;
  /** The token was refused: stop and sign in again. */
  onUnauthorized(): void;
}

/**
 * `GET /v1/stream` read with fetch() so that the token goes in the Authorization header (an
 * EventSource cannot send one). Reconnects after the server's `retry` delay, doubling up to 30 s
 * while the API stays away; each (re)connection starts with `hello`, upon which the page refetches
 * what it shows, because the stream does not replay what was missed.
 */
export class LiveStream {
  private controller: AbortController | undefined;
  private stopped = false;
  private delayMs = 3000;

  constructor(private readonly handlers: LiveHandlers) {}

  start(): void {
    this.stopped = false;
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.controller?.abort();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      this.handlers.onState('connecting');
      const outcome = await this.once();
      if (outcome === 'unauthorized') {
        this.handlers.onUnauthorized();
        return;
      }
      if (this.stopped) return;
      failures = outcome === 'ended' ? 0 : failures + 1;
      this.handlers.onState('offline');
      // The server's delay for a first retry (an API that answered 503 while loading is usually
      // ready a few seconds later), doubling while it stays away.
      await new Promise((r) => setTimeout(r, Math.min(30_000, this.delayMs * 2 ** Math.min(Math.max(0, failures - 1), 4))));
    }
  }

  private async once(): Promise<'ended' | 'failed' | 'unauthorized'> {
    const controller = new AbortController();
    this.controller = controller;
    const t = token.get();
    if (!t) return 'unauthorized';
    try {
      const res = await fetch('/v1/stream', { headers: { authorization: `Bearer ${t}`, accept: 'text/event-stream' }, signal: controller.signal, cache: 'no-store' });
      if (res.status === 401) return 'unauthorized';
      if (!res.ok || !res.body) return 'failed';
      this.handlers.onState('live');
      const parser = new SseParser();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'ended';
        if (parser.retryMs !== undefined) this.delayMs = parser.retryMs;
        for (const e of parser.push(value)) {
          let data: unknown;
          try {
            data = JSON.parse(e.data);
          } catch {
            continue;
          }
          this.handlers.onEvent(e.event, data);
        }
      }
    } catch {
      return 'failed';
    }
  }
}
