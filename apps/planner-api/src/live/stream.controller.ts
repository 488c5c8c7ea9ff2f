import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PlannerRead } from '../auth/planner-endpoint.decorator';
import { CurrentCaller } from '../auth/caller.decorator';
import type { Caller } from '../auth/role';
import { ErrorDto } from '../common/error.dto';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { ApiMetrics } from '../metrics/api-metrics';
import { PLANNING_SCOPE } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { formatSse, LiveEvent, LiveFeed } from './live-feed';

/** A comment line now and then keeps proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** A client this far behind is not reading: its stream is ended, and it reconnects and refetches. */
const MAX_BUFFERED_BYTES = 1 << 20;
/** A refused stream's Retry-After: a page retries on its own, a tab closed frees a stream at once. */
const STREAM_RETRY_AFTER_S = 10;

@ApiTags('stream')
@Controller('v1/stream')
export class StreamController {
  constructor(
    private readonly feed: LiveFeed,
    private readonly readModel: ReadModelService,
    private readonly metrics: ApiMetrics,
  ) {}

  /**
   * Authenticated by the bearer header like every other endpoint, so a browser reads it with
   * fetch() and a stream reader rather than EventSource (which cannot send headers): the token
   * never goes into a URL, where proxies and logs would keep it.
   */
  @Get()
  @PlannerRead('viewer')
  @ApiOperation({
    summary: 'Server-Sent Events for live pages',
    description:
      'First `hello` {role, identity, proposalId, asOf}: who the token is and the current proposal, so a page knows what to show. ' +
      'Then `proposal` {proposalId, scope, version, asOf} for each new proposal and `loan` (a Loan) for each loan change. ' +
      'No replay: after a reconnect a page fetches what it shows again. A comment line every 15 s keeps the connection open.',
  })
  // The events are the body of the 200 only; the errors before it are JSON like everywhere else.
  @ApiOkResponse({
    description: 'an endless stream of Server-Sent Events (`event:` and `data:` lines, the data JSON)',
    content: { 'text/event-stream': { schema: { type: 'string', description: 'e.g. `event: proposal` then `data: {"proposalId":"global:3",...}`' } } },
  })
  @ApiTooManyRequestsResponse({ type: ErrorDto, description: `this identity holds ${LiveFeed.MAX_PER_IDENTITY} open streams already, the most one identity may (Retry-After)` })
  @ApiServiceUnavailableResponse({ type: ErrorDto, description: `still loading, or this API process has ${LiveFeed.MAX_SUBSCRIBERS} open streams, the most it takes (Retry-After)` })
  stream(@CurrentCaller() caller: Caller, @Req() req: Request, @Res() res: Response): void {
    const refusal = this.feed.refusal(caller.identity);
    if (refusal) {
      this.metrics.limitRefusals.inc({ what: 'stream', cap: refusal.cap });
      throw refusal.cap === 'identity' ? ApiError.busy(refusal.message, STREAM_RETRY_AFTER_S) : new ApiError(ApiErrorCode.Unavailable, refusal.message, undefined, STREAM_RETRY_AFTER_S);
    }
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache, no-transform');
    res.setHeader('connection', 'keep-alive');
    // nginx and similar proxies buffer responses unless told not to.
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);

    const current = this.readModel.view.currentProposal(PLANNING_SCOPE);
    let open = true;
    const end = (): void => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe();
      res.end();
    };
    const write = (chunk: string): void => {
      if (!open) return;
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        end();
        return;
      }
      res.write(chunk);
    };
    write(`retry: 3000\n${formatSse('hello', { role: caller.role, identity: caller.identity, proposalId: current?.proposalId ?? null, asOf: current?.asOf ?? null })}`);
    const unsubscribe = this.feed.subscribe({ send: (e: LiveEvent) => write(formatSse(e.event, e.data)), close: end }, caller.identity);
    const heartbeat = setInterval(() => write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    req.on('close', end);
    res.on('error', end);
  }
}
