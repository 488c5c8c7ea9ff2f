import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorDto } from '../common/error.dto';
import { WriteThrottlerGuard } from '../http/write-throttler.guard';
import { ApiIdempotencyKey } from '../idempotency/idempotency-key.decorator';
import { RequireRole } from './require-role.decorator';
import type { Role } from './role';

/**
 * An endpoint behind the bearer token: the lowest role it takes, and its 401 and 403 in the
 * OpenAPI document. The guards themselves are app-wide (APP_GUARD); `@Public()` opts out.
 */
export function PlannerRead(role: Role): MethodDecorator {
  return applyDecorators(
    RequireRole(role),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorDto, description: 'no token, or an unknown one' }),
    ApiForbiddenResponse({ type: ErrorDto, description: 'the token role is too low' }),
  );
}

export interface PlannerWriteOptions {
  /** What a retry with the same Idempotency-Key gets back; absent when the write takes no key. */
  idempotency?: string;
  /** Counted by the write throttler (429 past it); true unless said otherwise. */
  throttled?: boolean;
}

/**
 * A write: a PlannerRead that the write throttler counts (its 429; an endpoint that documents its
 * own 429 keeps that description, as Swagger merges an empty one into it) and that takes an
 * Idempotency-Key when `idempotency` says what a retry gets back.
 */
export function PlannerWrite(role: Role, options: PlannerWriteOptions = {}): MethodDecorator {
  const throttled = options.throttled ?? true;
  return applyDecorators(
    PlannerRead(role),
    ...(throttled ? [UseGuards(WriteThrottlerGuard), ApiTooManyRequestsResponse({ type: ErrorDto })] : []),
    ...(options.idempotency !== undefined ? [ApiIdempotencyKey(options.idempotency)] : []),
  );
}
