/** What went wrong, in the API's terms; the exception filter maps each code to an HTTP status. */
export enum ApiErrorCode {
  Invalid = 'invalid',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  Conflict = 'conflict',
  KeyReused = 'key-reused',
  Busy = 'busy',
  Unavailable = 'unavailable',
}

export interface FieldError {
  field: string;
  messages: string[];
}

export const API_ERROR_STATUS: Record<ApiErrorCode, number> = {
  [ApiErrorCode.Invalid]: 400,
  [ApiErrorCode.Unauthorized]: 401,
  [ApiErrorCode.Forbidden]: 403,
  [ApiErrorCode.NotFound]: 404,
  [ApiErrorCode.Conflict]: 409,
  [ApiErrorCode.KeyReused]: 422,
  [ApiErrorCode.Busy]: 429,
  [ApiErrorCode.Unavailable]: 503,
};

/** A typed error of the planner API (STYLE.md habit 6). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly errors?: FieldError[],
    /** For Busy: the Retry-After the answer carries, in seconds. */
    readonly retryAfterSeconds?: number,
    /** For Unavailable after a publish: the event id the write has, so a client can look or retry. */
    readonly eventId?: string,
  ) {
    super(message);
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
