import type { NestExpressApplication } from '@nestjs/platform-express';
import { checkJsonValue, jsonTextDepth, MAX_JSON_DEPTH } from '@imc/contracts';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error';

/** Larger bodies are refused with 413 before they are parsed. */
export const BODY_LIMIT = '256kb';

/** An http-errors shaped error: the exception filter passes its status and message to the caller. */
function refused(message: string): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type: 'entity.verify.failed' });
}

/**
 * Counts the nesting of the raw body before `JSON.parse` and the validation pipe see it: a few
 * kilobytes of `[[[[` under the size limit would otherwise overflow class-transformer's stack
 * (a 500). The same bound as on Kafka input.
 */
export function verifyJsonDepth(_req: IncomingMessage, _res: unknown, buf: Buffer): void {
  if (jsonTextDepth(buf.toString('utf8'), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw refused(`request body too deeply nested: JSON deeper than ${MAX_JSON_DEPTH} levels`);
  }
}

/**
 * After parsing: `__proto__`, `constructor` and `prototype` keys are refused as unknown fields
 * (400 naming the field) instead of reaching class-transformer, which throws on `constructor`.
 */
export function refusePrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  const bad = body !== undefined && body !== null && typeof body === 'object' ? checkJsonValue(body) : undefined;
  if (bad === undefined) return next();
  const field = bad.split(':')[0];
  next(ApiError.invalid(`invalid request: ${field}`, [{ field, messages: [bad.slice(field.length + 2)] }]));
}

/** The JSON body handling of the API, shared by main.ts and the in-process specs. */
export function configureJsonBody(app: NestExpressApplication): void {
  app.useBodyParser('json', { limit: BODY_LIMIT, verify: verifyJsonDepth });
  app.use(refusePrototypeKeys);
}
