import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiMetrics } from '../metrics/api-metrics';
import { currentCorrelationId } from './request-context';

/**
 * One JSON log line and one metric sample per request, whatever answered it (a guard's 401, the
 * body parser's 413, a controller), taken when the response is finished.
 */
export function requestLoggingMiddleware(metrics: ApiMetrics): (req: Request, res: Response, next: NextFunction) => void {
  const logger = new Logger('http');
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const correlationId = currentCorrelationId();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = `${req.baseUrl ?? ''}${(req.route as { path?: string } | undefined)?.path ?? ''}` || 'unmatched';
      metrics.requests.inc({ method: req.method, route, status: String(res.statusCode) });
      metrics.requestSeconds.observe({ method: req.method, route }, seconds);
      logger.log({ msg: 'request', method: req.method, path: req.originalUrl, route, status: res.statusCode, ms: Math.round(seconds * 1000), correlationId });
    });
    next();
  };
}
