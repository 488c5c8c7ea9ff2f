import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from './request-context';

export const CORRELATION_HEADER = 'x-correlation-id';
/** A caller's id is kept only if it is short and plain, so it can go into logs and Kafka headers as is. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's x-correlation-id (or makes one), answers with it, and scopes the request to it. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers[CORRELATION_HEADER];
  const correlationId = typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  requestContext.run({ correlationId }, () => next());
}
