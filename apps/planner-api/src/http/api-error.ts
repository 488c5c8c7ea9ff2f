/** What went wrong, in the API's terms; the exception filter maps each code to an HTTP status. */
export enum ApiErrorCode {
  Invalid = 'invalid',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  Conflict = 'conflict',
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
  [ApiErrorCode.Unavailable]: 503,
};

/** A typed error of the planner API (STYLE.md habit 6). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly errors?: FieldError[],
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
}
