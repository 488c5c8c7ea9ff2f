import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorDto } from '../common/error.dto';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey } from './idempotency-key';

/** The request's Idempotency-Key, checked (400 naming the header when malformed), or undefined. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined =>
  parseIdempotencyKey(context.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_HEADER]),
);

/** The OpenAPI of a POST that takes an Idempotency-Key; `what` says what a retry gets back. */
export function ApiIdempotencyKey(what: string): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: `A key the client makes for this write (a UUID), sent again unchanged on every retry of it. The same key with the same body within 24 h ${what}, and records nothing twice, across API restarts and API processes; 1 to 255 visible ASCII characters.`,
    }),
    ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'this Idempotency-Key was used for another request (another body or path)' }),
  );
}
