/** What went wrong, in the API's terms; the exception filter maps each code to an HTTP status. */
export enum ApiErrorCode {
  Invalid = 'invalid',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  Conflict = 'conflict',
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

  /** 429 with Retry-After: the work the caller asks for waits on other work (one stress test at a time). */
  static busy(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(ApiErrorCode.Busy, message, undefined, retryAfterSeconds);
  }
}
