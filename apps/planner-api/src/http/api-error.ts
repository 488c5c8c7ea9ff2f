import { DomainError, FieldError, Outcome } from '../common/domain-error';

export type { FieldError } from '../common/domain-error';

/** The outcomes an ApiError names; the exception filter maps each to an HTTP status. */
export const ApiErrorCode = Outcome;
export type ApiErrorCode = Outcome;

/** A typed error of the planner API's edge (STYLE.md habit 6): a DomainError that may also carry a Retry-After or an event id. */
export class ApiError extends DomainError {
  constructor(
    code: Outcome,
    message: string,
    errors?: FieldError[],
    /** For Busy: the Retry-After the answer carries, in seconds. */
    readonly retryAfterSeconds?: number,
    /** For Unavailable after a publish: the event id the write has, so a client can look or retry. */
    readonly eventId?: string,
  ) {
    super(code, message, errors);
    this.name = 'ApiError';
  }

  static invalid(message: string, errors?: FieldError[]): ApiError {
    return new ApiError(ApiErrorCode.Invalid, message, errors);
  }

  static unauthorized(message: string): ApiError {
    return new ApiError(ApiErrorCode.Unauthorized, message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(ApiErrorCode.Forbidden, message);
  }

  static notFound(message: string): ApiError {
    return new ApiError(ApiErrorCode.NotFound, message);
  }

  static conflict(message: string): ApiError {
    return new ApiError(ApiErrorCode.Conflict, message);
  }

  /** 422: an Idempotency-Key sent again with another request. */
  static keyReused(message: string): ApiError {
    return new ApiError(ApiErrorCode.KeyReused, message);
  }

  /** 503 for a write the broker did not acknowledge, naming the event id it would have. */
  static unacknowledged(message: string, eventId: string): ApiError {
    return new ApiError(ApiErrorCode.Unavailable, message, undefined, undefined, eventId);
  }

  /** 429 with Retry-After: the work the caller asks for waits on other work (one stress test at a time). */
  static busy(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(ApiErrorCode.Busy, message, undefined, retryAfterSeconds);
  }
}
